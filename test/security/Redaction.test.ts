/**
 * A PostgreSQL password never shows: not in a pipeline id, not in the sync listings (`GET /api/syncs`
 * and `hrtech-etl syncs list` both answer `Definition.view`), not in the shown form of a URI.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Runs from "../../src/app/Runs.js"
import * as Requests from "../../src/app/Requests.js"
import * as Pipeline from "../../src/core/Pipeline.js"
import * as Uri from "../../src/core/Uri.js"
import * as Definition from "../../src/scale/Definition.js"
import * as Syncs from "../../src/scale/Syncs.js"
import * as Harness from "../scale/Harness.js"

const password = "pg-pass-Secret-42"
const pgUri = `postgres://etl:${password}@db.internal:5432/hr?sslmode=require`

describe("PostgreSQL passwords", () => {
  it("are not in a pipeline id, whichever side names the database", () => {
    const pull = Schema.decodeUnknownSync(Requests.PullRequest)({ resource: "job", origin: pgUri, target: `postgresql://u:${password}@h/x` })
    const id = Runs.pipelineIdOf(pull)
    expect(id).not.toContain(password)
    expect(id).toContain("postgres://etl:***@db.internal:5432/hr")
    // The id does not change when the password is rotated, so the checkpoint is kept.
    expect(Pipeline.pipelineId({ resource: "job", origin: pgUri.replace(password, "rotated"), target: "file:x.jsonl" })).toBe(
      Pipeline.pipelineId({ resource: "job", origin: pgUri, target: "file:x.jsonl" })
    )
  })

  it("are not in the shown form of a URI, in the user info or a password option", () => {
    expect(Uri.display(pgUri)).toBe("postgres://etl:***@db.internal:5432/hr?sslmode=require")
    expect(Uri.display(`postgres://etl@db/hr?password=${password}`)).not.toContain(password)
    expect(Uri.displayIn(`cannot reach ${pgUri}: timeout`)).not.toContain(password)
    expect(Uri.display("sqlite:jobs.db")).toBe("sqlite:jobs.db")
  })

  it.scopedLive("are not in the sync listing (API and CLI) though the definition keeps them to connect", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hrtech-redaction-"))
      yield* Effect.gen(function* () {
        const input = Schema.decodeUnknownSync(Definition.SyncInput)({
          name: "pg-sync",
          tenant: "acme",
          resource: "job",
          origin: "sqlite:source.db",
          target: pgUri,
          schedule: "*/5 * * * *"
        })
        const saved = yield* Syncs.add(input)
        expect(JSON.stringify(saved)).not.toContain(password)
        expect(JSON.stringify(yield* Syncs.list())).not.toContain(password)
        expect(JSON.stringify(yield* Syncs.get("pg-sync"))).not.toContain(password)
        expect((yield* Syncs.getStored("pg-sync")).target).toBe(pgUri)
      }).pipe(Effect.provide(Harness.environment(`sqlite:${join(dir, "state.db")}`)))
    })
  )
})
