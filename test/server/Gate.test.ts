import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Gate from "../../src/server/Gate.js"

const starts = (method: string, path: string) => Gate.startsRun(method, Either.getOrThrow(Gate.canonicalTarget(path)))

describe("Gate.startsRun: the routes that take a run slot", () => {
  it("pulls, pushes, background runs and retries of failed records take one; reads and other writes do not", () => {
    for (const path of ["/api/run/pull", "/api/run/push", "/api/run/pull_with_formatter", "/api/runs", "/api/failures/retry"]) {
      expect(starts("POST", path), path).toBe(true)
    }
    for (const [method, path] of [
      ["GET", "/api/failures/retry"],
      ["GET", "/api/failures"],
      ["POST", "/api/formatters/build"],
      ["GET", "/api/runs"],
      ["POST", "/api/failures/retry/extra"]
    ] as const) {
      expect(starts(method, path), `${method} ${path}`).toBe(false)
    }
  })
})
