/**
 * A malformed `--config` file is reported by position only: the offending line, which may hold a
 * key or a password, is never printed.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Input from "../../src/cli/Input.js"

const secret = "sk-live-Very-Secret-0123"

const configError = (name: string, text: string) =>
  Effect.gen(function* () {
    const path = join(mkdtempSync(join(tmpdir(), "hrtech-config-")), name)
    writeFileSync(path, text)
    return yield* Effect.flip(Input.configFile(path))
  })

describe("--config parse errors", () => {
  it.effect("YAML: names the flag, the line and the column, not the line's content", () =>
    Effect.gen(function* () {
      const error = yield* configError("run.yaml", `resource: job\norigin: warehouse_a\norigin_auth: { api_key: "${secret}\ntarget: file:out.jsonl\n`)
      expect(error.message).toContain("--config")
      expect(error.message).toMatch(/line \d+, column \d+/)
      expect(error.message).not.toContain(secret)
      expect(error.message).not.toContain("sk-live")
    })
  )

  it.effect("JSON: names the line and the column, not the text around it", () =>
    Effect.gen(function* () {
      const error = yield* configError("run.json", `{\n  "resource": "job",\n  "origin_auth": { "api_key": "${secret}" oops }\n}`)
      expect(error.message).toMatch(/line 3, column \d+/)
      expect(error.message).not.toContain(secret)
    })
  )
})
