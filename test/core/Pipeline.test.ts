import { describe, expect, it } from "@effect/vitest"
import { it as itPromise } from "vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Connector from "../../src/core/Connector.js"
import * as Cursor from "../../src/core/Cursor.js"
import * as Pipeline from "../../src/core/Pipeline.js"
import * as Memory from "../../src/testing/Memory.js"

const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString()
const job = (i: number, updated = at(i), extra: Record<string, unknown> = {}) => ({
  id: `job-${String(i).padStart(5, "0")}`,
  name: i % 2 === 0 ? `Data Engineer ${i}` : `Sales Manager ${i}`,
  status: i % 3 === 0 ? "closed" : "open",
  created_at: at(i),
  updated_at: updated,
  ...extra
})
const jobs = (n: number, f: (i: number) => Record<string, unknown> = (i) => job(i)) => Array.from({ length: n }, (_, i) => f(i))
const updatedAt = Cursor.make("updated_at")

const run = (origin: Connector.Connector, target: Connector.Connector, options: Partial<Pipeline.PullOptions> = {}) =>
  Pipeline.pull({ resource: "job", origin, target, cursor: updatedAt, batchSize: 10, ...options })

describe("pull", () => {
  for (const n of [0, 1, 30, 31]) {
    it.live(`moves exactly ${n} records with batch size 10`, () =>
      Effect.gen(function* () {
        const origin = Memory.make({ seed: { job: jobs(n) } })
        const target = Memory.make({ name: "target" })
        const result = yield* run(origin, target)
        expect(target.data.job.size).toBe(n)
        expect(result.stats.read).toBe(n)
        expect(result.stats.written).toBe(n)
        expect(result.stats.batches).toBe(Math.ceil(n / 10))
        expect(result.cursor.end ?? null).toBe(n === 0 ? null : at(n - 1))
        for (const w of target.writes) expect(w.batch.length).toBeLessThanOrEqual(10)
      })
    )
  }

  it.live("resumes from the returned cursor and reads only newer records", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(25) } })
      const target = Memory.make({ name: "target" })
      const first = yield* run(origin, target)
      origin.put(
        "job",
        jobs(5, (i) => job(100 + i, at(1000 + i)))
      )
      const second = yield* run(origin, target, { cursor: Cursor.resumeFrom(first.cursor) })
      expect(second.stats.written).toBe(5)
      expect(second.stats.skipped_seen).toBe(1)
      expect(second.cursor.start).toBe(first.cursor.end)
      expect(second.cursor.end).toBe(at(1004))
      expect(target.data.job.size).toBe(30)
      const third = yield* run(origin, target, { cursor: Cursor.resumeFrom(second.cursor) })
      expect(third.stats.written).toBe(0)
    })
  )

  it.live("1000 records sharing one updated_at across pages of 100 arrive exactly once", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(1000, (i) => job(i, at(0))) }, pageSize: 100 })
      const target = Memory.make({ name: "target" })
      const result = yield* run(origin, target, { batchSize: 100 })
      const written = target.writes.flatMap((w) => w.batch.map((r) => r.id))
      expect(written.length).toBe(1000)
      expect(new Set(written).size).toBe(1000)
      expect(result.cursor.boundary_ids?.length).toBe(1000)
      const again = yield* run(origin, target, { cursor: Cursor.resumeFrom(result.cursor), batchSize: 100 })
      expect(again.stats.written).toBe(0)
      expect(again.stats.skipped_seen).toBe(1000)
    })
  )

  it.live("reads in descending order and resumes downwards", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(12) } })
      const target = Memory.make({ name: "target" })
      const result = yield* run(origin, target, { cursor: Cursor.make("updated_at", { sortBy: "desc" }) })
      const order = target.writes.flatMap((w) => w.batch.map((r) => r.updated_at as string))
      expect(order).toEqual([...order].sort().reverse())
      expect(result.cursor.end).toBe(at(0))
      expect(result.cursor.sort_by).toBe("desc")
    })
  )

  it.live("counts failing writes and does not move the checkpoint past them", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(30) } })
      let broken = true
      const target = Memory.make({ name: "target", failWrite: (r) => (broken && r.id === "job-00014" ? "rejected by target" : undefined) })
      const checkpoints: Array<Cursor.Cursor> = []
      const failures: Array<unknown> = []
      const result = yield* run(origin, target, {
        onCheckpoint: (c) => Effect.sync(() => void checkpoints.push(c)),
        onFailures: (f) => Effect.sync(() => void failures.push(...f))
      })
      expect(result.stats.failed).toBe(1)
      expect(result.stats.errors[0]).toMatchObject({ id: "job-00014", stage: "write", message: "rejected by target" })
      expect(failures).toHaveLength(1)
      expect(result.cursor.end).toBe(at(13))
      expect(checkpoints.map((c) => c.end)).toEqual([at(9), at(13), at(13)])
      broken = false
      const retry = yield* run(origin, target, { cursor: Cursor.resumeFrom(result.cursor) })
      expect(target.data.job.size).toBe(30)
      expect(retry.stats.written).toBe(16)
      expect(retry.cursor.end).toBe(at(29))
    })
  )

  it.live("with a target that commits at the end, checkpoints once, after the commit", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(25) } })
      const events: Array<string> = []
      const target: Connector.Connector = { ...Memory.make({ name: "target" }), commit: Effect.sync(() => void events.push("commit")) }
      const result = yield* run(origin, target, { onCheckpoint: (c) => Effect.sync(() => void events.push(`checkpoint ${c.end}`)) })
      expect(result.stats.written).toBe(25)
      expect(events).toEqual(["commit", `checkpoint ${at(24)}`])
    })
  )

  it.live("a batch fully removed by HAVING still advances the cursor", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(20) } })
      const target = Memory.make({ name: "target" })
      const result = yield* run(origin, target, { having: [{ field: "name", op: "contains", value: "Nobody" }] })
      expect(result.stats.filtered_out).toBe(20)
      expect(result.stats.written).toBe(0)
      expect(result.cursor.end).toBe(at(19))
    })
  )

  it.live("dry run reads, filters and formats but writes nothing and saves no checkpoint", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(15) } })
      const target = Memory.make({ name: "target" })
      let saved = 0
      const result = yield* run(origin, target, {
        dryRun: true,
        onCheckpoint: () => Effect.sync(() => void saved++)
      })
      expect(target.writes).toHaveLength(0)
      expect(saved).toBe(0)
      expect(result.stats.read).toBe(15)
      expect(result.stats.written).toBe(0)
      expect(result.stats.dry_run).toBe(true)
    })
  )

  it.live("applies WHERE conditions the origin cannot push down in memory and says so", () =>
    Effect.gen(function* () {
      const origin = Connector.fromAsyncIterable({
        name: "plain",
        schemas: Memory.make().schemas,
        read: async function* () {
          yield jobs(10)
        }
      })
      const target = Memory.make({ name: "target" })
      const where = [{ field: "status", op: "eq" as const, value: "open" }]
      const result = yield* run(origin, target, { where })
      expect(result.stats.where_in_memory).toEqual(where)
      expect([...target.data.job.values()].every((r) => r.status === "open")).toBe(true)
      expect(result.stats.filtered_out).toBe(4)
    })
  )

  it.live("keeps an opaque vendor sync token handed out by the read, only after a complete run", () =>
    Effect.gen(function* () {
      const tokensSeen: Array<string | null | undefined> = []
      const origin = Connector.fromAsyncIterable({
        name: "tokened",
        schemas: Memory.make().schemas,
        read: async function* (_resource, options) {
          tokensSeen.push(options.cursor.token)
          yield jobs(3)
          options.onToken?.("sync-2")
        }
      })
      const ok = yield* run(origin, Memory.make({ name: "target" }), { cursor: { mode: "updated_at", token: "sync-1" } })
      expect(tokensSeen).toEqual(["sync-1"])
      expect(ok.cursor.token).toBe("sync-2")
      const failing = Memory.make({ name: "target", failWrite: (r) => (r.id === "job-00001" ? "no" : undefined) })
      const kept = yield* run(origin, failing, { cursor: { mode: "updated_at", token: "sync-1" } })
      expect(kept.cursor.token).toBe("sync-1")
    })
  )

  it.live("reports input the origin could not parse, with its location, and goes on", () =>
    Effect.gen(function* () {
      const origin = Connector.fromAsyncIterable({
        name: "lines",
        schemas: Memory.make().schemas,
        read: async function* (_resource, options) {
          yield jobs(2)
          options.onInvalid?.({ reason: "malformed JSON", location: "line 3", raw: "{oops" })
          yield jobs(4).slice(2)
        }
      })
      const failures: Array<unknown> = []
      const target = Memory.make({ name: "target" })
      const result = yield* run(origin, target, { onFailures: (f) => Effect.sync(() => void failures.push(...f)) })
      expect(target.data.job.size).toBe(4)
      expect(result.stats.read).toBe(5)
      expect(result.stats.failed).toBe(1)
      expect(result.stats.errors).toEqual([{ stage: "decode", message: "line 3: malformed JSON" }])
      expect(failures).toMatchObject([{ stage: "decode", message: "line 3: malformed JSON", payload: "{oops" }])
    })
  )

  it.live("rejects a WHERE operator the field does not allow, naming the field", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(3) } })
      const error = yield* Effect.flip(run(origin, Memory.make(), { where: [{ field: "status", op: "contains", value: "op" }] }))
      expect(error._tag).toBe("IneligibleOperator")
      expect(error.message).toContain("status")
    })
  )

  it.live("maps with a mapping spec and reports unknown mapping fields by name", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(4) } })
      const target = Memory.make({ name: "target" })
      yield* run(origin, target, {
        formatter: [
          { from: "id", to: "id" },
          { from: "name", to: "name", transform: "uppercase" },
          { from: "updated_at", to: "updated_at" },
          { to: "company", default: "Acme" }
        ]
      })
      expect(target.data.job.get("job-00000")).toEqual({ id: "job-00000", name: "DATA ENGINEER 0", updated_at: at(0), company: "Acme" })
      const error = yield* Effect.flip(run(origin, target, { formatter: [{ from: "nmae", to: "name" }] }))
      expect(error._tag).toBe("MappingError")
      expect(error.message).toContain("mapping[0].from")
      expect(error.message).toContain("nmae")
    })
  )

  it.live("tells the target its batches were validated against its schema, and never hands it an invalid record", () =>
    Effect.gen(function* () {
      const seen: Array<{ size: number; options: Connector.WriteOptions | undefined }> = []
      const target = Connector.fromAsyncIterable({
        name: "recording",
        schemas: Memory.make().schemas,
        write: async (_, batch, options) => {
          seen.push({ size: batch.length, options })
          return batch.map((r) => Connector.Outcome.created(String(r.id)))
        }
      })
      const origin = Memory.make({ seed: { job: jobs(25) } })
      // Every fifth record gets a status the target schema rejects.
      const result = yield* run(origin, target, { formatter: (r) => (Number(String(r.id).slice(4)) % 5 === 0 ? { ...r, status: "nope" } : r) })
      expect(result.stats.failed).toBe(5)
      // Batches count the records to write (10 each); the failed ones ride along.
      expect(seen.map((s) => s.size)).toEqual([10, 10])
      expect(seen.every((s) => s.options?.validated === true)).toBe(true)
      const pushed = yield* Pipeline.push({ resource: "job", origin, target, mode: "resources", resources: jobs(3) })
      expect(pushed.total_resources_pushed).toBe(3)
      expect(seen.at(-1)).toEqual({ size: 3, options: { validated: true } })
    })
  )

  it.live("reports records the formatter output cannot satisfy the target schema with", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(3) } })
      const target = Memory.make({ name: "target" })
      const result = yield* run(origin, target, { formatter: (r) => ({ id: r.id }) })
      expect(result.stats.failed).toBe(3)
      expect(result.stats.errors[0]?.stage).toBe("format")
      expect(result.stats.errors[0]?.message).toContain("name")
    })
  )

  itPromise("a pull stream can be consumed with for await", async () => {
    const origin = Memory.make({ seed: { job: jobs(25) } })
    const target = Memory.make({ name: "target" })
    const seen: Array<Pipeline.PullProgress> = []
    for await (const progress of Pipeline.pullIterable({ resource: "job", origin, target, cursor: updatedAt, batchSize: 10 })) {
      seen.push(progress)
    }
    expect(seen.map((p) => p.stats.written)).toEqual([10, 20, 25, 25])
    expect(seen.at(-1)?.done).toBe(true)
    const viaPromise = await Pipeline.runPull({ resource: "job", origin, target, cursor: Cursor.resumeFrom(seen.at(-1)!.cursor) })
    expect(viaPromise.stats.written).toBe(0)
  })

  it.live("pullStream composes with other Stream combinators", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(40) } })
      const first = yield* Pipeline.pullStream({ resource: "job", origin, target: Memory.make(), cursor: updatedAt, batchSize: 10 }).pipe(
        Stream.take(2),
        Stream.runCollect
      )
      expect([...first].map((p) => p.batch)).toEqual([1, 2])
    })
  )
})

describe("push", () => {
  it.live("pushes given resources with HAVING and reports pushed and skipped", () =>
    Effect.gen(function* () {
      const origin = Memory.make()
      const target = Memory.make({ name: "target" })
      const result = yield* Pipeline.push({
        resource: "job",
        origin,
        target,
        mode: "resources",
        resources: [...jobs(6), { id: "bad" }],
        having: [{ field: "status", op: "eq", value: "open" }]
      })
      expect(result.total_resources_pushed).toBe(4)
      expect(result.skipped_having).toBe(2)
      expect(result.errors).toHaveLength(1)
      expect(result.errors[0]).toMatchObject({ id: "bad", stage: "decode" })
      expect(target.data.job.size).toBe(4)
    })
  )

  it.live("collapses duplicate events, archives deletions and never upserts them", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(3) } })
      const target = Memory.make({ name: "target", seed: { job: [job(2)] } })
      const result = yield* Pipeline.push({
        resource: "job",
        origin,
        target,
        mode: "events",
        events: [
          { type: "created", resource_id: "job-00000", occurred_at: at(1) },
          { type: "updated", resource_id: "job-00000", occurred_at: at(2) },
          { type: "updated", resource_id: "job-00001", occurred_at: at(2) },
          { type: "updated", resource_id: "job-00002", occurred_at: at(1) },
          { type: "deleted", resource_id: "job-00002", occurred_at: at(3) },
          { type: "updated", resource_id: "missing", occurred_at: at(3) }
        ]
      })
      expect(result.total_events).toBe(6)
      expect(result.skipped_duplicate_events).toBe(2)
      expect(result.total_resources_fetched).toBe(2)
      expect(result.total_resources_pushed).toBe(2)
      expect(result.total_archived).toBe(1)
      expect(result.skipped_missing).toBe(1)
      expect(target.writes.flatMap((w) => w.batch.map((r) => r.id))).toEqual(["job-00000", "job-00001"])
      expect(target.archived).toEqual(["job-00002"])
      expect(target.data.job.has("job-00002")).toBe(false)
    })
  )

  it.live("counts a deletion as skipped with a reason when the target cannot archive", () =>
    Effect.gen(function* () {
      const origin = Memory.make({ seed: { job: jobs(1) } })
      const plain = Connector.fromAsyncIterable({
        name: "append-only",
        schemas: origin.schemas,
        write: async (_, batch) => batch.map((r) => Connector.Outcome.created(String(r.id)))
      })
      const result = yield* Pipeline.push({
        resource: "job",
        origin,
        target: plain,
        mode: "events",
        events: [{ type: "deleted", resource_id: "job-00000" }]
      })
      expect(result.total_resources_pushed).toBe(0)
      expect(result.skipped).toEqual([{ id: "job-00000", reason: "deleted event: append-only has no archive or delete path" }])
    })
  )

  it.live("counts write failures in errors instead of throwing", () =>
    Effect.gen(function* () {
      const target = Memory.make({ name: "target", failWrite: (r) => (r.id === "job-00001" ? "duplicate reference" : undefined) })
      const result = yield* Pipeline.push({ resource: "job", origin: Memory.make(), target, mode: "resources", resources: jobs(3) })
      expect(result.total_resources_pushed).toBe(2)
      expect(result.errors).toEqual([{ id: "job-00001", stage: "write", message: "duplicate reference" }])
    })
  )

  it.live("rejects malformed events naming the field", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Pipeline.push({ resource: "job", origin: Memory.make(), target: Memory.make(), mode: "events", events: [{ type: "exploded", resource_id: "x" }] })
      )
      expect(error.message).toContain("events[0].type")
    })
  )
})
