/**
 * One classification of failures: each typed error declares its category, and the CLI's exit codes
 * and the HTTP statuses are read from it (a caller's mistake is exit 2 and a 4xx, a system's failure
 * exit 1 and a 5xx).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import { UnknownFormatter } from "../../src/app/Runs.js"
import * as CliErrors from "../../src/cli/Errors.js"
import * as ConnectorError from "../../src/core/ConnectorError.js"
import * as ErrorClass from "../../src/core/ErrorClass.js"
import * as Errors from "../../src/core/Errors.js"
import { PipelineFailed } from "../../src/core/Pipeline.js"
import * as SecretBox from "../../src/core/SecretBox.js"
import { StateError } from "../../src/core/State.js"
import { SyncExists, SyncNotFound } from "../../src/scale/SyncStore.js"
import * as ServerErrors from "../../src/server/Errors.js"

const cases: ReadonlyArray<readonly [unknown, ErrorClass.Category]> = [
  [new Errors.InvalidInput({ field: "where[0].op", reason: "bad" }), "input"],
  [new Errors.UnknownField({ field: "colour", schema: "Job", valid: ["status"] }), "input"],
  [new ConnectorError.ConfigError({ connector: "x", field: "api_key", reason: "is required" }), "input"],
  [new UnknownFormatter({ formatter_id: "f1" }), "not_found"],
  [new SyncNotFound({ name: "s" }), "not_found"],
  [new SyncExists({ name: "s" }), "conflict"],
  [new ConnectorError.Unsupported({ connector: "x", operation: "write", reason: "read-only" }), "unsupported"],
  [new ConnectorError.NotFound({ connector: "x", what: 'connector "x"', local: true }), "not_found"],
  [new ConnectorError.NotFound({ connector: "greenhouse", what: "job 42" }), "upstream"],
  [new ConnectorError.AuthError({ connector: "x", status: 401, reason: "expired" }), "upstream"],
  [new ConnectorError.TransportError({ connector: "x", reason: "reset" }), "upstream"],
  [new ConnectorError.RateLimited({ connector: "x", reason: "429" }), "unavailable"],
  [new StateError({ operation: "save", reason: "locked" }), "unavailable"],
  [new ConnectorError.WebhookError({ connector: "x", reason: "bad signature" }), "unauthorized"],
  [new ConnectorError.WebhookError({ connector: "x", reason: "no id", kind: "payload" }), "input"],
  [new PipelineFailed({ reason: "r", errorCode: "transport_error" }), "upstream"],
  [new PipelineFailed({ reason: "r", errorCode: "hook_failed" }), "unavailable"],
  [new CliErrors.CliUsage("--origin", "is required"), "input"],
  [new Error("boom"), "internal"],
  ["not an error", "internal"]
]

describe("ErrorClass", () => {
  it.each(cases)("%s is %s", (error, category) => {
    expect(ErrorClass.categoryOf(error)).toBe(category)
  })

  it("the CLI and the HTTP API read one table: a caller's mistake is exit 2 and a 4xx, anything else exit 1 and a 5xx (or 401)", () => {
    for (const category of ErrorClass.Category.literals) {
      const status = ServerErrors.statusOfCategory[category]
      const exit = CliErrors.exitCodeOfCategory[category]
      expect(exit, category).toBe(ErrorClass.isCallerError(category) ? CliErrors.BAD_INPUT : CliErrors.RUN_FAILED)
      if (ErrorClass.isCallerError(category)) expect(status, category).toBeLessThan(500)
      else if (category !== "unauthorized") expect(status, category).toBeGreaterThanOrEqual(500)
    }
  })

  it("maps each error to its response: status by category, code and field from the error", () => {
    const context = { origin: "greenhouse", target: "mem_sink" }
    const vendor = ServerErrors.fromDomain(new ConnectorError.NotFound({ connector: "greenhouse", what: "job 42" }), context)
    expect(ServerErrors.statusOf(vendor)).toBe(502)
    expect(vendor.error).toMatchObject({ code: "not_found", field: "origin" })
    const local = ServerErrors.fromDomain(new ConnectorError.NotFound({ connector: "nope", what: 'connector "nope"', local: true }))
    expect(ServerErrors.statusOf(local)).toBe(404)
    expect(ServerErrors.fromDomain(new SyncExists({ name: "s" })).error).toEqual({ code: "already_exists", message: expect.any(String), field: "name" })
    expect(ServerErrors.statusOf(ServerErrors.fromDomain(new Error("secret stack")))).toBe(500)
    expect(CliErrors.report(new ConnectorError.NotFound({ connector: "greenhouse", what: "job 42" })).code).toBe(CliErrors.RUN_FAILED)
    expect(CliErrors.report(new ConnectorError.NotFound({ connector: "nope", what: "x", local: true })).code).toBe(CliErrors.BAD_INPUT)
  })

  it("errors built by fieldError keep their tag, code, input category and `field: reason` message through their schema", () => {
    const errors = [
      [new Errors.MappingError({ field: "mapping[0].to", reason: "no such field" }), "MappingError", "mapping_error"],
      [new Errors.ConflictingConditions({ field: "where[1]", reason: "eq and in disagree" }), "ConflictingConditions", "conflicting_conditions"],
      [new Errors.CursorUnsupported({ field: "cursor.mode", reason: "no id field" }), "CursorUnsupported", "cursor_unsupported"],
      [new SecretBox.SecretKeyMissing({ field: "origin_auth", reason: "no key set" }), "SecretKeyMissing", "secret_key_required"]
    ] as const
    for (const [error, tag, code] of errors) {
      expect([error._tag, error.code, error.category, error.message]).toEqual([tag, code, "input", `${error.field}: ${error.reason}`])
      expect(ErrorClass.categoryOf(error)).toBe("input")
      const schema = error.constructor as unknown as Schema.Schema<typeof error, unknown>
      const back = Schema.decodeUnknownSync(schema)(Schema.encodeSync(schema)(error))
      expect(back).toBeInstanceOf(error.constructor)
      expect(back.message).toBe(error.message)
    }
    expect(new Errors.MappingError({ field: "f", reason: "r" })).not.toBeInstanceOf(Errors.CursorUnsupported)
  })
})
