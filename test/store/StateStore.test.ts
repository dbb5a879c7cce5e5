import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { gunzipSync } from "node:zlib"
import * as File from "../../src/connectors/file/index.js"
import * as Sql from "../../src/connectors/sql/index.js"
import type * as Connector from "../../src/core/Connector.js"
import * as Cursor from "../../src/core/Cursor.js"
import * as Pipeline from "../../src/core/Pipeline.js"
import * as State from "../../src/core/State.js"
import * as Store from "../../src/store/index.js"
import { type Engine, engines, postgresSkipReason, rawClient, tempDir } from "../connectors/sql/Engines.js"

const open = (engine: Engine) =>
  Effect.gen(function* () {
    const { uri, prefix } = yield* engine.fresh
    const store = yield* Store.makeFromUri(uri, { tablePrefix: `${prefix}state_` })
    return { store, uri, prefix: `${prefix}state_` }
  })

const sampleJobs = gunzipSync(readFileSync(new URL("../../data/sample/jobs.jsonl.gz", import.meta.url)))
  .toString("utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Connector.NativeRecord)

for (const engine of engines) {
  describe(`SQL state store on ${engine.name}`, () => {
    it.scopedLive("cursor checkpoints: none at first, then the last one saved, per pipeline id", () =>
      Effect.gen(function* () {
        const { store } = yield* open(engine)
        expect(yield* store.loadCursor("p1")).toEqual(Option.none())
        const first: Cursor.Cursor = { mode: "updated_at", start: null, end: "2024-01-01T00:00:00Z", sort_by: "asc", boundary_ids: ["a", "b"] }
        yield* store.saveCursor("p1", first)
        expect(yield* store.loadCursor("p1")).toEqual(Option.some(first))
        const second: Cursor.Cursor = { mode: "id", start: "j1", end: "j9", sort_by: "desc", token: "sync-token-1" }
        yield* store.saveCursor("p1", second)
        yield* store.saveCursor("p2 with spaces → ünïcode", first)
        expect(yield* store.loadCursor("p1")).toEqual(Option.some(second))
        expect(yield* store.loadCursor("p2 with spaces → ünïcode")).toEqual(Option.some(first))
        expect(yield* store.loadCursor("p3")).toEqual(Option.none())
      })
    )

    it.scopedLive("formatters: content-addressed ids, created_at kept on re-save, lookups by id", () =>
      Effect.gen(function* () {
        const { store } = yield* open(engine)
        const spec = {
          resource: "job" as const,
          origin: "file:jobs.jsonl",
          target: "sqlite:out.db",
          mapping: [
            { from: "name", to: "name", transform: "trim" as const },
            { to: "status", default: "open" }
          ]
        }
        const saved = yield* store.saveFormatter(spec)
        expect(saved).toMatchObject({ ...spec, formatter_id: State.formatterIdOf(spec) })
        expect(Date.parse(saved.created_at)).not.toBeNaN()
        expect(yield* store.getFormatter(saved.formatter_id)).toEqual(Option.some(saved))
        yield* Effect.sleep("5 millis")
        const again = yield* store.saveFormatter(spec)
        expect(again).toEqual(saved)
        const named = yield* store.saveFormatter({ ...spec, formatter_id: "my-mapping" })
        expect(named.formatter_id).toBe("my-mapping")
        const changed = yield* store.saveFormatter({ ...spec, formatter_id: "my-mapping", mapping: [{ from: "summary", to: "name" }] })
        expect(changed).toEqual({ ...named, mapping: [{ from: "summary", to: "name" }] })
        expect(yield* store.getFormatter("missing")).toEqual(Option.none())
      })
    )

    it.scopedLive("failed records: appended with payload, listed newest first, by pipeline and with a limit", () =>
      Effect.gen(function* () {
        const { store } = yield* open(engine)
        yield* store.recordFailures([
          { pipeline_id: "p1", record_id: "r1", stage: "decode", message: "name: expected string", payload: { id: "r1", name: 42 } },
          { pipeline_id: "p1", stage: "write", message: 'HTTP 422: "quoted", ünïcode' },
          { pipeline_id: "p2", record_id: "r3", stage: "format", message: "mapping", payload: ["a", 1, null] }
        ])
        yield* store.recordFailures([])
        yield* store.recordFailures([{ pipeline_id: "p1", record_id: "r4", stage: "having", message: "late", payload: "text" }])
        const p1 = yield* store.listFailures("p1")
        expect(p1.map(({ id: _id, created_at: _at, ...rest }) => rest)).toEqual([
          { pipeline_id: "p1", record_id: "r4", stage: "having", message: "late", payload: "text" },
          { pipeline_id: "p1", stage: "write", message: 'HTTP 422: "quoted", ünïcode' },
          { pipeline_id: "p1", record_id: "r1", stage: "decode", message: "name: expected string", payload: { id: "r1", name: 42 } }
        ])
        expect(p1.every((f) => typeof f.id === "number" && Date.parse(f.created_at) > 0)).toBe(true)
        expect(p1[0]!.id).toBeGreaterThan(p1[1]!.id)
        expect((yield* store.listFailures(undefined, 2)).map((f) => f.record_id)).toEqual(["r4", "r3"])
        expect(yield* store.listFailures("nobody")).toEqual([])
        // Many at once (more than one INSERT statement).
        yield* store.recordFailures(
          Array.from({ length: 1200 }, (_, i) => ({ pipeline_id: "bulk", record_id: `b${i}`, stage: "write" as const, message: "x" }))
        )
        expect((yield* store.listFailures("bulk", 5000)).length).toBe(1200)
      })
    )

    it.scopedLive("state survives closing and reopening the store", () =>
      Effect.gen(function* () {
        const { uri, prefix } = yield* engine.fresh
        const cursor: Cursor.Cursor = { mode: "created_at", start: null, end: "2024-05-05T05:05:05.000Z", sort_by: "asc" }
        yield* Effect.scoped(
          Effect.gen(function* () {
            const store = yield* Store.makeFromUri(uri, { tablePrefix: `${prefix}state_` })
            yield* store.saveCursor("kept", cursor)
          })
        )
        const reopened = yield* Store.makeFromUri(uri, { tablePrefix: `${prefix}state_` })
        expect(yield* reopened.loadCursor("kept")).toEqual(Option.some(cursor))
      })
    )

    it.scopedLive("a checkpoint is only written after its batch committed: a run killed in between resumes without loss or duplicates", () =>
      Effect.gen(function* () {
        const { uri, prefix } = yield* engine.fresh
        const origin = yield* Sql.makeFromUri(uri, { tablePrefix: `${prefix}origin_` })
        const target = yield* Sql.makeFromUri(uri, { tablePrefix: `${prefix}target_` })
        const store = yield* Store.makeFromUri(uri, { tablePrefix: `${prefix}state_` })
        const records = sampleJobs.slice(0, 950)
        yield* origin.write("job", records)
        const pipelineId = "sample->sql:job"
        const run = (killAtBatch?: number) =>
          Effect.gen(function* () {
            const saved = yield* store.loadCursor(pipelineId)
            let batch = 0
            return yield* Pipeline.pull({
              resource: "job",
              origin,
              target,
              pipelineId,
              batchSize: 100,
              cursor: Option.match(saved, { onNone: () => Cursor.make("updated_at"), onSome: Cursor.resumeFrom }),
              // The "kill" lands after the target committed batch 4 and before its checkpoint is saved.
              onCheckpoint: (cursor) => (++batch === killAtBatch ? Effect.fail("killed") : store.saveCursor(pipelineId, cursor))
            })
          })
        const killed = yield* Effect.flip(run(4))
        expect(killed._tag).toBe("PipelineFailed")
        const raw = yield* rawClient(uri)
        const count = () => Effect.map(raw<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${raw(`${prefix}target_jobs`)}`, (r) => Number(r[0]!.n))
        expect(yield* count()).toBe(400)
        const checkpoint = Option.getOrThrow(yield* store.loadCursor(pipelineId))
        expect(checkpoint.end).toBe(
          [...records].sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)) || String(a.id).localeCompare(String(b.id)))[299]!.updated_at
        )

        const resumed = yield* run()
        // Batch 4 is written again (upsert: updated, not duplicated); nothing is lost.
        expect(resumed.stats.created).toBe(550)
        expect(resumed.stats.updated).toBeGreaterThanOrEqual(100)
        expect(yield* count()).toBe(950)
        const ids = yield* raw<{ id: string }>`SELECT id FROM ${raw(`${prefix}target_jobs`)} ORDER BY id`
        expect(ids.map((r) => r.id)).toEqual(records.map((r) => String(r.id)).sort())

        const again = yield* run()
        expect(again.stats.written).toBe(0)
      })
    )
  })
}

describe("offline sync from the bundled sample", () => {
  it.scopedLive("sample jobs → SQLite with a where and a mapping: the first run writes, a resumed run writes 0", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const origin = yield* File.makeFromUri(`file:${new URL("../../data/sample/jobs.jsonl.gz", import.meta.url).pathname}`)
      const target = yield* Sql.makeFromUri(`sqlite:${join(dir, "jobs.db")}`)
      const store = yield* Store.makeFromUri(`sqlite:${join(dir, "state.db")}`)
      const where = [{ field: "status", op: "eq" as const, value: "open" }]
      const mapping = [
        { from: "id", to: "id" },
        { from: "name", to: "name", transform: "trim" as const },
        { from: "company", to: "company" },
        { from: "status", to: "status" },
        { from: "location.city", to: "location.city" },
        { from: "updated_at", to: "updated_at" }
      ]
      const pipelineId = Pipeline.pipelineId({ resource: "job", origin: origin.name, target: target.name, cursorMode: "updated_at", where })
      const run = Effect.gen(function* () {
        const saved = yield* store.loadCursor(pipelineId)
        return yield* Pipeline.pull({
          resource: "job",
          origin,
          target,
          where,
          formatter: mapping,
          pipelineId,
          batchSize: 500,
          cursor: Option.match(saved, { onNone: () => Cursor.make("updated_at"), onSome: Cursor.resumeFrom }),
          onCheckpoint: (cursor) => store.saveCursor(pipelineId, cursor),
          onFailures: store.recordFailures
        })
      })
      const first = yield* run
      const open = sampleJobs.filter((j) => j.status === "open")
      expect(first.stats).toMatchObject({ read: 3000, written: open.length, created: open.length, failed: 0 })
      expect(first.stats.where_in_memory).toEqual(where)
      const stored = yield* Stream.runCollect(target.read("job", { cursor: Cursor.make("id"), where: [], batchSize: 1000 }))
      expect(Chunk.toReadonlyArray(stored)[0]).toEqual({
        id: open[0]!.id,
        name: open[0]!.name,
        company: open[0]!.company,
        status: "open",
        location: { city: (open[0]!.location as { city: string }).city },
        updated_at: open[0]!.updated_at
      })
      const second = yield* run
      expect(second.stats.written).toBe(0)
      expect(yield* store.listFailures(pipelineId)).toEqual([])
    })
  )
})

describe("SQL state store defaults", () => {
  it.scopedLive("creates its SQLite file (and directory) on first use; --state paths become sqlite: URIs", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const uri = Store.toUri(join(dir, "nested", "state.db"))
      expect(uri).toBe(`sqlite:${join(dir, "nested", "state.db")}`)
      expect(Store.toUri("postgres://u@h/db")).toBe("postgres://u@h/db")
      const store = yield* Store.makeFromUri(uri)
      yield* store.saveCursor("x", Cursor.make("id"))
      expect(readFileSync(join(dir, "nested", "state.db")).length).toBeGreaterThan(0)
      expect(Store.defaultUri).toBe("sqlite:.hrtech-etl/state.db")
    })
  )

  it.live("the layer provides core's StateStore service; open failures are typed StateErrors", () =>
    Effect.gen(function* () {
      const id = yield* Effect.flatMap(State.StateStore, (s) => Effect.as(s.saveCursor("p", Cursor.make("id")), "ok")).pipe(
        Effect.provide(Store.fromUri("sqlite::memory:"))
      )
      expect(id).toBe("ok")
      const error = yield* Effect.flip(Effect.scoped(Store.makeFromUri("mysql://x")))
      expect(error).toMatchObject({ _tag: "StateError", operation: "open" })
    })
  )
})

if (postgresSkipReason) {
  describe("SQL state store on postgres", () => {
    it.skip(`skipped: ${postgresSkipReason}`, () => {})
  })
}
