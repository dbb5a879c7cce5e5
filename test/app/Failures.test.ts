/**
 * Failed records are replayable: a pull into a target that rejects some records stores them; `list`
 * shows them; `retry` re-reads them from the origin, writes those the target now accepts, removes
 * exactly their rows, and keeps one row (not two) per record that fails again. On the in-memory
 * state store and the SQL one (SQLite, and PostgreSQL when HRTECH_ETL_TEST_PG_URL is set).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Failures from "../../src/app/Failures.js"
import * as Requests from "../../src/app/Requests.js"
import * as Runs from "../../src/app/Runs.js"
import type * as Connector from "../../src/core/Connector.js"
import * as Registry from "../../src/core/Registry.js"
import * as State from "../../src/core/State.js"
import * as Store from "../../src/store/index.js"
import * as Memory from "../../src/testing/Memory.js"
import { engines } from "../connectors/sql/Engines.js"

const job = (i: number, extra: Record<string, unknown> = {}): Connector.NativeRecord => ({
  id: `j${i}`,
  name: `Job ${i}`,
  created_at: `2024-03-0${i}T00:00:00Z`,
  updated_at: `2024-03-0${i}T10:00:00Z`,
  ...extra
})

/** An origin of six jobs and a target that rejects the ids in `rejecting` (mutable: "fixing" the target). */
const setup = () => {
  const rejecting = new Set(["j2", "j4", "j5"])
  const origin = Memory.make({ name: "mem_origin", seed: { job: [1, 2, 3, 4, 5, 6].map((i) => job(i)) } })
  const target = Memory.make({
    name: "mem_target",
    failWrite: (record) => (rejecting.has(String(record.id)) ? `${String(record.id)}: name rejected by the target` : undefined)
  })
  const other = Memory.make({ name: "mem_other" })
  const factory = (connector: Memory.MemoryConnector): Registry.Factory => ({
    name: connector.name,
    label: connector.label,
    warehouseType: "database",
    authKeys: [],
    schemas: connector.schemas,
    make: () => Effect.succeed(connector)
  })
  return { rejecting, origin, target, registry: Registry.layer([factory(origin), factory(target), factory(other)]) }
}

const decode = <A, E>(either: Either.Either<A, E>) => Either.getOrThrowWith(either, (e) => new Error(String(e)))

const pull = decode(Requests.decodePull({ resource: "job", origin: "mem_origin", target: "mem_target" }))
const retryRequest = (pipeline_id: string, extra: Record<string, unknown> = {}) =>
  decode(Failures.decodeRetry({ resource: "job", origin: "mem_origin", target: "mem_target", pipeline_id, ...extra }))

const stores: ReadonlyArray<{
  readonly name: string
  readonly layer: Effect.Effect<Layer.Layer<State.StateStore, State.StateError>, never, import("effect/Scope").Scope>
}> = [
  { name: "memory", layer: Effect.succeed(State.memory) },
  ...engines.map((engine) => ({
    name: engine.name,
    layer: Effect.map(engine.fresh, ({ uri, prefix }) => Store.fromUri(uri, { tablePrefix: `${prefix}state_` }))
  }))
]

for (const store of stores) {
  describe(`failures on the ${store.name} state store`, () => {
    it.scopedLive("a pull stores the rejected records; retry writes them once the target accepts them and removes exactly their rows", () =>
      Effect.gen(function* () {
        const { rejecting, target, registry } = setup()
        const env = Layer.merge(registry, yield* store.layer)
        yield* Effect.gen(function* () {
          const pulled = yield* Runs.pull(pull)
          expect(pulled.stats.failed).toBe(3)
          const id = pulled.pipeline_id
          const listed = yield* Failures.list(decode(Failures.decodeList({ pipeline_id: id })))
          expect(listed.failures.map((f) => f.record_id).sort()).toEqual(["j2", "j4", "j5"])
          for (const f of listed.failures) {
            expect(f).toMatchObject({ pipeline_id: id, stage: "write", message: `${f.record_id}: name rejected by the target` })
            expect(f.payload).toMatchObject({ id: f.record_id, name: `Job ${f.record_id!.slice(1)}` })
          }
          // Another pipeline's failures are not listed under this one.
          expect((yield* Failures.list({ pipeline_id: "elsewhere", limit: 100 })).failures).toEqual([])

          // j2 and j5 are fixed; j4 is still refused.
          rejecting.delete("j2")
          rejecting.delete("j5")
          const before = target.writes.length
          const first = yield* Failures.retry(retryRequest(id))
          expect(first).toMatchObject({ pipeline_id: id, retried: 3, resolved: 2, still_failing: 1, not_replayable: 0 })
          expect(first.push).toMatchObject({ total_events: 3, total_resources_fetched: 3, total_resources_pushed: 2 })
          expect(first.push.errors).toEqual([{ id: "j4", stage: "write", message: "j4: name rejected by the target" }])
          // Re-read from the origin and written in one batch.
          expect(
            target.writes
              .slice(before)
              .flatMap((w) => w.batch.map((r) => r.id))
              .sort()
          ).toEqual(["j2", "j4", "j5"])
          expect([...target.data.job.keys()].sort()).toEqual(["j1", "j2", "j3", "j5", "j6"])

          // j4 keeps one row, the new one.
          const left = (yield* Failures.list({ pipeline_id: id, limit: 100 })).failures
          expect(left.map((f) => f.record_id)).toEqual(["j4"])
          const j4Before = listed.failures.find((f) => f.record_id === "j4")!
          expect(left[0]!.id).toBeGreaterThan(j4Before.id)

          // Retrying while it still fails never multiplies its row.
          const again = yield* Failures.retry(retryRequest(id))
          expect(again).toMatchObject({ retried: 1, resolved: 0, still_failing: 1 })
          expect((yield* Failures.list({ pipeline_id: id, limit: 100 })).failures.map((f) => f.record_id)).toEqual(["j4"])

          rejecting.clear()
          const fixed = yield* Failures.retry(retryRequest(id))
          expect(fixed).toMatchObject({ retried: 1, resolved: 1, still_failing: 0 })
          expect((yield* Failures.list({ pipeline_id: id, limit: 100 })).failures).toEqual([])
          expect(target.data.job.get("j4")).toMatchObject(job(4))

          // Nothing left: the next retry re-reads nothing.
          const nothing = yield* Failures.retry(retryRequest(id))
          expect(nothing).toMatchObject({ retried: 0, resolved: 0, still_failing: 0, not_replayable: 0 })
          expect(nothing.push.total_events).toBe(0)
        }).pipe(Effect.provide(env))
      })
    )

    it.scopedLive("a retry re-reads the record's current state; one no longer in the origin stays; a dry run removes nothing", () =>
      Effect.gen(function* () {
        const { rejecting, origin, target, registry } = setup()
        const env = Layer.merge(registry, yield* store.layer)
        yield* Effect.gen(function* () {
          const id = (yield* Runs.pull(pull)).pipeline_id
          rejecting.clear()
          origin.put("job", [job(2, { name: "Job 2, renamed" })])
          origin.data.job.delete("j5")

          const dry = yield* Failures.retry(retryRequest(id, { dry_run: true }))
          expect(dry).toMatchObject({ retried: 3, resolved: 2, still_failing: 1 })
          expect(dry.push.dry_run).toBe(true)
          expect(target.data.job.has("j2")).toBe(false)
          expect((yield* Failures.list({ pipeline_id: id, limit: 100 })).failures).toHaveLength(3)

          const result = yield* Failures.retry(retryRequest(id))
          expect(result).toMatchObject({ retried: 3, resolved: 2, still_failing: 1 })
          expect(result.push.skipped).toEqual([{ id: "j5", reason: "upserted event: not found in mem_origin" }])
          expect(target.data.job.get("j2")).toMatchObject({ name: "Job 2, renamed" })
          const left = (yield* Failures.list({ pipeline_id: id, limit: 100 })).failures
          expect(left.map((f) => [f.record_id, f.stage])).toEqual([["j5", "write"]])
        }).pipe(Effect.provide(env))
      })
    )

    it.scopedLive("failures without a record id are counted as not replayable and left; limit bounds what is read", () =>
      Effect.gen(function* () {
        const { rejecting, origin, registry } = setup()
        // A record the origin cannot identify fails to decode without an id.
        origin.data.job.set("broken", { name: "No id", updated_at: "2024-03-07T10:00:00Z" })
        const env = Layer.merge(registry, yield* store.layer)
        yield* Effect.gen(function* () {
          const id = (yield* Runs.pull(pull)).pipeline_id
          const all = (yield* Failures.list({ pipeline_id: id, limit: 100 })).failures
          expect(all.map((f) => f.record_id ?? null).sort()).toEqual(["j2", "j4", "j5", null])
          expect(all.find((f) => f.record_id === undefined)!.stage).toBe("decode")
          rejecting.clear()

          // Newest first (read in updated_at order, the undecodable record came last): the limit
          // reads its row and j5's only.
          expect(all.slice(0, 2).map((f) => f.record_id)).toEqual([undefined, "j5"])
          const partial = yield* Failures.retry(retryRequest(id, { limit: 2 }))
          expect(partial).toMatchObject({ retried: 1, resolved: 1, not_replayable: 1 })
          expect((yield* Failures.list({ pipeline_id: id, limit: 100 })).failures.map((f) => f.record_id ?? null).sort()).toEqual(["j2", "j4", null])

          const rest = yield* Failures.retry(retryRequest(id))
          expect(rest.not_replayable).toBe(1)
          expect(rest.still_failing).toBe(0)
          const left = (yield* Failures.list({ pipeline_id: id, limit: 100 })).failures
          expect(left).toHaveLength(1)
          expect(left[0]!.record_id).toBeUndefined()
        }).pipe(Effect.provide(env))
      })
    )
  })
}

describe("failure requests", () => {
  it.scopedLive("a derived pipeline id must match the request's origin, target and resource", () =>
    Effect.gen(function* () {
      const { registry, target } = setup()
      yield* Effect.gen(function* () {
        const id = (yield* Runs.pull(pull)).pipeline_id
        const writes = target.writes.length
        for (const [key, value] of [
          ["target", "mem_other"],
          ["origin", "mem_other"],
          ["resource", "profile"]
        ] as const) {
          const error = yield* Effect.flip(Failures.retry(retryRequest(id, { [key]: value })))
          expect(error).toMatchObject({ _tag: "InvalidInput", field: "pipeline_id" })
          expect(error.message).toContain(`its ${key} is`)
        }
        expect(target.writes.length).toBe(writes)
        expect((yield* Failures.list({ pipeline_id: id, limit: 100 })).failures).toHaveLength(3)
      }).pipe(Effect.provide(Layer.merge(registry, State.memory)))
    })
  )

  it("requests are decoded strictly, naming the key", () => {
    const field = (either: Either.Either<unknown, { readonly field?: string | undefined }>) => Either.isLeft(either) && either.left.field
    const base = { resource: "job", origin: "a", target: "b", pipeline_id: "p" }
    expect(field(Failures.decodeRetry({ ...base, limit: 0 }))).toBe("limit")
    expect(field(Failures.decodeRetry({ ...base, limit: Failures.maxLimit + 1 }))).toBe("limit")
    expect(field(Failures.decodeRetry({ ...base, limit: 1.5 }))).toBe("limit")
    expect(field(Failures.decodeRetry({ ...base, pipeline_id: "" }))).toBe("pipeline_id")
    expect(field(Failures.decodeRetry({ ...base, pipeline_id: undefined }))).toBe("pipeline_id")
    expect(field(Failures.decodeRetry({ ...base, resource: "candidate" }))).toBe("resource")
    expect(field(Failures.decodeRetry({ ...base, batch_size: 0 }))).toBe("batch_size")
    expect(field(Failures.decodeRetry({ ...base, mode: "events" }))).toBe("mode")
    expect(field(Failures.decodeList({ limit: -1 }))).toBe("limit")
    expect(field(Failures.decodeList({ pipeline: "p" }))).toBe("pipeline")
    expect(Failures.decodeRetry(base)).toEqual(Either.right({ ...base, limit: Failures.maxLimit }))
    expect(Failures.decodeList({})).toEqual(Either.right({ limit: 100 }))
  })
})
