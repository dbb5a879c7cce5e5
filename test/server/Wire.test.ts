/**
 * The API's result schemas are the core's: a pull or push answered over HTTP carries every key the
 * same run reports in the core, and a full core result encodes through the wire schema with nothing
 * left over. A counter added to the pipeline but not to its schema (or a wire copy that drifts) fails here.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Cursor from "../../src/core/Cursor.js"
import * as Pipeline from "../../src/core/Pipeline.js"
import * as Wire from "../../src/server/Wire.js"
import * as Memory from "../../src/testing/Memory.js"
import * as Harness from "./Harness.js"

const cursor = { mode: "updated_at", start: null, sort_by: "asc" } as const
const keys = (value: object) => Object.keys(value).sort()
/** Encodes refusing any key the schema does not declare. */
const encodeExact = <A, I>(schema: Schema.Schema<A, I>, value: A) => Schema.encodeSync(schema, { onExcessProperty: "error" })(value)

describe("wire schemas", () => {
  it.live("a pull answered over HTTP carries every counter of the core pull", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const server = yield* Harness.start({}, { records: 5 })
        const reply = yield* server.post("/api/run/pull", { resource: "job", origin: "mem_source", target: "mem_sink", cursor })
        expect(reply.status, reply.text).toBe(200)

        const origin = Memory.make({ seed: { job: Array.from({ length: 5 }, (_, i) => Harness.job(i)) } })
        const core = yield* Pipeline.pull({ resource: "job", origin, target: Memory.make({ name: "target" }), cursor: Cursor.make("updated_at") })
        expect(keys(reply.json.stats)).toEqual(keys(core.stats))
        expect(reply.json.stats).toMatchObject({ read: 5, written: 5, archived: 0, requests: 0, retries: 0, waited_ms: 0 })
        // Every key of the core result is declared by the wire schema.
        const encoded = encodeExact(Wire.PullResult, { ...core, pipeline_id: "p", resumed: false })
        expect(keys(encoded.stats)).toEqual(keys(core.stats))
      })
    )
  )

  it.live("a push answered over HTTP carries every key of the core push result", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const server = yield* Harness.start()
        const resources = [Harness.job(1), Harness.job(2)]
        const reply = yield* server.post("/api/run/push", { resource: "job", origin: "mem_source", target: "mem_sink", mode: "resources", resources })
        expect(reply.status, reply.text).toBe(200)

        const core = yield* Pipeline.push({ resource: "job", origin: Memory.make({}), target: Memory.make({ name: "target" }), mode: "resources", resources })
        expect(keys(reply.json)).toEqual(keys(core))
        expect(keys(encodeExact(Wire.PushResult, core))).toEqual(keys(core))
      })
    )
  )

  it.live("a value outside a field's literals is a 400 listing every accepted one, read from the schema", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const server = yield* Harness.start({}, { records: 1 })
        const body = yield* server.post("/api/run/pull", {
          resource: "job",
          origin: "mem_source",
          target: "mem_sink",
          cursor,
          where: [{ field: "status", op: "zz" }]
        })
        expect(body.status, body.text).toBe(400)
        expect(body.json.error.field).toBe("where[0].op")
        expect(body.json.error.message).toMatch(/^where\[0\]\.op: expected one of "eq", "ne", .*; got "zz"$/)
        const path = yield* server.get("/api/schema/unified/nope")
        expect(path.status, path.text).toBe(400)
        expect(path.json.error).toEqual({ code: "invalid_input", field: "resource", message: 'resource: expected one of "job", "profile"; got "nope"' })
      })
    )
  )
})
