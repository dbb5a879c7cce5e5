import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import * as AToB from "../../src/connectors/AToB.js"
import * as WarehouseA from "../../src/connectors/warehouse_a/index.js"
import * as WarehouseB from "../../src/connectors/warehouse_b/index.js"
import * as Cursor from "../../src/core/Cursor.js"
import * as Pipeline from "../../src/core/Pipeline.js"
import * as FakeA from "../fakes/WarehouseA.js"
import * as FakeB from "../fakes/WarehouseB.js"

const job: WarehouseA.WarehouseAJob = {
  job_id: "job-1",
  title: "Data Engineer",
  description: "Pipelines",
  skills: ["python", "sql"],
  board_key: "board-1",
  status: "open",
  location: "Paris, France",
  remote: true,
  salary_min: 50000,
  salary_max: 60000,
  salary_currency: "EUR",
  url: "https://jobs.example/1",
  created_at: "2024-01-01T00:00:00Z",
  updated_at: "2024-01-02T00:00:00Z",
  payload: { team: "data" }
}

const profile: WarehouseA.WarehouseAProfile = {
  profile_id: "p-1",
  full_name: "Ana Silva",
  email: "ana@example.com",
  phone: "+33 1 23 45 67 89",
  summary: "Engineer",
  skills: ["sql"],
  tags: ["priority"],
  source_key: "careers",
  created_at: "2024-01-01T00:00:00Z",
  updated_at: "2024-01-02T00:00:00Z"
}

describe("formatters/a_to_b", () => {
  it("formatJob: A's job as B's, with what the unified path cannot carry (board and skills as tags, location text as city)", () => {
    const formatted = AToB.formatJob(job)
    expect(formatted).toEqual({
      id: "job-1",
      name: "Data Engineer",
      summary: "Pipelines",
      tags: ["board_key:board-1", "skill:python", "skill:sql"],
      status: "published",
      location: { city: "Paris, France", remote: true },
      compensation: { min: 50000, max: 60000, currency: "EUR" },
      url: "https://jobs.example/1",
      created: "2024-01-01T00:00:00Z",
      modified: "2024-01-02T00:00:00Z",
      metadata: { team: "data" }
    })
    expect(Schema.is(WarehouseB.WarehouseBJob)(formatted)).toBe(true)
    // Minimal jobs stay valid B jobs: no empty location or pay.
    const minimal = AToB.formatJob({ job_id: "j", title: "T", board_key: "b", status: "draft", created_at: job.created_at, updated_at: job.updated_at })
    expect(minimal).toEqual({ id: "j", name: "T", tags: ["board_key:b"], status: "draft", created: job.created_at, modified: job.updated_at })
  })

  it("formatProfile: A's profile as B's candidate (summary as headline when there is none; source, tags and skills as tags)", () => {
    const formatted = AToB.formatProfile(profile)
    expect(formatted).toEqual({
      id: "p-1",
      name: "Ana Silva",
      email: "ana@example.com",
      headline: "Engineer",
      tags: ["source_key:careers", "priority", "skill:sql"],
      created: "2024-01-01T00:00:00Z",
      modified: "2024-01-02T00:00:00Z"
    })
    expect(Schema.is(WarehouseB.WarehouseBProfile)(formatted)).toBe(true)
  })

  it.scopedLive("as a pull's formatter, A → B without the unified model", () =>
    Effect.gen(function* () {
      const fakeA = yield* FakeA.start({ apiKey: "key-a", jobs: [job, { ...job, job_id: "job-2", status: "closed" }], profiles: [profile] })
      const fakeB = yield* FakeB.start({ token: "token-b" })
      const origin = yield* WarehouseA.make({ base_url: fakeA.url, api_key: Redacted.make("key-a") })
      const target = yield* WarehouseB.make({ base_url: fakeB.url, token: Redacted.make("token-b") })
      const jobs = yield* Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.make("updated_at"), formatter: AToB.formatJob })
      expect(jobs.stats).toMatchObject({ written: 2, failed: 0 })
      expect(fakeB.store.job.get("job-1")).toEqual(AToB.formatJob(job))
      expect(fakeB.store.job.get("job-2")).toMatchObject({ status: "closed" })
      const profiles = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: Cursor.make("updated_at"), formatter: AToB.formatProfile })
      expect(profiles.stats).toMatchObject({ written: 1, failed: 0 })
      expect(fakeB.store.profile.get("p-1")).toEqual(AToB.formatProfile(profile))
    })
  )

  it("is exported as hrtech-etl/formatters/a_to_b (the built package)", () => {
    if (!existsSync("dist/connectors/AToB.js")) throw new Error("dist/connectors/AToB.js is missing: run npm run build first")
    const script = 'import("hrtech-etl/formatters/a_to_b").then((m) => console.log(typeof m.formatJob, typeof m.formatProfile))'
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 })
    expect(result.stderr).toBe("")
    expect(result.stdout.trim()).toBe("function function")
  })
})
