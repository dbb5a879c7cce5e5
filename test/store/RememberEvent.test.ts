import { describe, expect, it } from "@effect/vitest"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as State from "../../src/core/State.js"
import * as Migrations from "../../src/sql/Migrations.js"
import * as Store from "../../src/store/index.js"
import { type Engine, engines, postgresSkipReason, rawClient } from "../connectors/sql/Engines.js"

/** The idempotence contract every state store must keep. */
const contract = (store: State.StateStoreService) =>
  Effect.gen(function* () {
    expect(yield* store.rememberEvent("warehouse_a", "evt-1")).toBe(true)
    expect(yield* store.rememberEvent("warehouse_a", "evt-1")).toBe(false)
    expect(yield* store.rememberEvent("warehouse_a", "evt-1")).toBe(false)
    // The same id from another source is another event.
    expect(yield* store.rememberEvent("hrflow", "evt-1")).toBe(true)
    expect(yield* store.rememberEvent("warehouse_a", "evt-2")).toBe(true)
    expect(yield* store.rememberEvent("warehouse_a", "ünïcode → id with spaces")).toBe(true)
    expect(yield* store.rememberEvent("warehouse_a", "ünïcode → id with spaces")).toBe(false)
    // Concurrent deliveries of one event: exactly one is first.
    const firsts = yield* Effect.forEach(Array.from({ length: 20 }), () => store.rememberEvent("greenhouse", "evt-race"), {
      concurrency: "unbounded"
    })
    expect(firsts.filter((first) => first)).toHaveLength(1)
  })

describe("rememberEvent (in-memory store)", () => {
  it.effect("true the first time a (source, event id) pair is seen, false afterwards", () => Effect.flatMap(State.makeMemory, contract))
})

const open = (engine: Engine) =>
  Effect.gen(function* () {
    const { uri, prefix } = yield* engine.fresh
    return { uri, prefix: `${prefix}state_` }
  })

for (const engine of engines) {
  describe(`rememberEvent on ${engine.name}`, () => {
    it.scopedLive("true the first time a (source, event id) pair is seen, false afterwards, also under concurrency", () =>
      Effect.gen(function* () {
        const { uri, prefix } = yield* open(engine)
        yield* contract(yield* Store.makeFromUri(uri, { tablePrefix: prefix }))
      })
    )

    it.scopedLive("remembered ids survive reopening the store", () =>
      Effect.gen(function* () {
        const { uri, prefix } = yield* open(engine)
        yield* Effect.scoped(Effect.flatMap(Store.makeFromUri(uri, { tablePrefix: prefix }), (store) => store.rememberEvent("lever", "token-1")))
        const reopened = yield* Store.makeFromUri(uri, { tablePrefix: prefix })
        expect(yield* reopened.rememberEvent("lever", "token-1")).toBe(false)
        expect(yield* reopened.rememberEvent("lever", "token-2")).toBe(true)
      })
    )

    it.scopedLive("a store created before the events table existed is upgraded by its next migration", () =>
      Effect.gen(function* () {
        const { uri, prefix } = yield* open(engine)
        const raw = yield* rawClient(uri)
        // A database at migration 1: its tables exist, the events table does not.
        yield* Migrations.apply(`${prefix}migrations`, { "1_create_state_tables": Effect.void }, (reason) => new Error(reason)).pipe(
          Effect.provideService(SqlClient.SqlClient, raw),
          Effect.orDie
        )
        const store = yield* Store.makeFromUri(uri, { tablePrefix: prefix })
        expect(yield* store.rememberEvent("ashby", "action-1")).toBe(true)
        expect(yield* store.rememberEvent("ashby", "action-1")).toBe(false)
        const applied = yield* raw<{ migration_id: number | string }>`SELECT migration_id FROM ${raw(`${prefix}migrations`)} ORDER BY migration_id`
        expect(applied.map((row) => Number(row.migration_id))).toEqual([1, 2, 3])
      })
    )
  })
}

if (postgresSkipReason) {
  describe("rememberEvent on postgres", () => {
    it.skip(`skipped: ${postgresSkipReason}`, () => {})
  })
}
