/**
 * The connector conformance suite: behaviour every connector must show, run against a fresh origin
 * seeded with known records. `checks(config)` returns the named checks as Effects; `Vitest.ts`
 * registers them as tests.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { Condition } from "../core/Condition.js"
import * as Connector from "../core/Connector.js"
import * as Cursor from "../core/Cursor.js"
import * as Pipeline from "../core/Pipeline.js"
import * as Postfilter from "../core/Postfilter.js"
import type { Resource } from "../core/Resource.js"
import * as Memory from "./Memory.js"

/** A conformance expectation that did not hold. */
export class ConformanceFailure extends Schema.TaggedError<ConformanceFailure>()("ConformanceFailure", {
  check: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.check}: ${this.reason}`
  }
}

/** What the suite needs to know about a connector. */
export interface Config {
  readonly name: string
  readonly resource: Resource
  /** Builds a connector whose origin holds exactly these raw records (fresh for every call). */
  readonly setup: (records: ReadonlyArray<unknown>) => Effect.Effect<Connector.Connector, unknown, Scope.Scope>
  /** The i-th valid native record, whose cursor field holds `at` (an ISO timestamp, or for mode `id` an id). */
  readonly record: (i: number, at: string) => Connector.NativeRecord
  /** Cursor mode to exercise (default `updated_at`). */
  readonly cursorMode?: Cursor.CursorMode
  /** Page size to request (default 10). */
  readonly pageSize?: number
  /** Whether the origin reads in descending order too (default true). */
  readonly desc?: boolean
  /** Conditions the connector pushes down; each read must return what `applyPostfilters` returns. */
  readonly pushdown?: ReadonlyArray<Condition>
  /** A raw record that fails the native schema (omit to skip the decode check). */
  readonly invalidRecord?: unknown
  /** Whether to check writes (default: when the connector can write the resource). */
  readonly write?: boolean
}

/** A named check. */
export interface Check {
  readonly name: string
  readonly run: Effect.Effect<void, unknown, Scope.Scope>
}

const expect = (check: string, ok: boolean, reason: () => string): Effect.Effect<void, ConformanceFailure> =>
  ok ? Effect.void : Effect.fail(new ConformanceFailure({ check, reason: reason() }))

const iso = (base: number, offsetSeconds: number) => new Date(base + offsetSeconds * 1000).toISOString()
const BASE = Date.UTC(2024, 0, 1)

/** Builds the conformance checks for one connector and resource. */
export const checks = (config: Config): ReadonlyArray<Check> => {
  const mode = config.cursorMode ?? "updated_at"
  const pageSize = config.pageSize ?? 10
  const { resource } = config
  const at = (i: number) => (mode === "id" ? String(100000 + i) : iso(BASE, i))
  const distinct = (n: number) => Array.from({ length: n }, (_, i) => config.record(i, at(i)))
  const tied = (n: number) => Array.from({ length: n }, (_, i) => config.record(i, mode === "id" ? at(i) : iso(BASE, 0)))
  const cursor = (sortBy: Cursor.SortBy = "asc"): Cursor.Cursor => ({ mode, start: null, sort_by: sortBy })
  const readAll = (connector: Connector.Connector, c: Cursor.Cursor, where: ReadonlyArray<Condition> = []) =>
    Stream.runCollect(
      Connector.readValid(connector, resource, { cursor: c, where, batchSize: pageSize }).pipe(Stream.mapChunks((chunk) => Chunk.of(chunk)))
    ).pipe(Effect.map((pages) => Chunk.toReadonlyArray(pages).map((p) => Chunk.toReadonlyArray(p))))
  const idsOf = (connector: Connector.Connector, records: ReadonlyArray<Connector.NativeRecord>) =>
    records.map((r) => Connector.idOf(connector, resource)(r) ?? "?")
  const pullInto = (origin: Connector.Connector, target: Memory.MemoryConnector, c: Cursor.Cursor, where?: ReadonlyArray<Condition>) =>
    Pipeline.pull({
      resource,
      origin,
      target,
      cursor: c,
      batchSize: pageSize,
      formatter: (r) => r,
      ...(where ? { where } : {})
    })
  const memoryTarget = (origin: Connector.Connector, failWrite?: (r: Connector.NativeRecord) => string | undefined) =>
    Memory.make({ name: "conformance-target", schemas: origin.schemas, ...(failWrite ? { failWrite } : {}) })

  // A target that refuses one record until healed: the failed write a resumed run must retry.
  const failingOnce = (origin: Connector.Connector, failId: string | undefined) => {
    let failing = true
    const target = memoryTarget(origin, (r) => (failing && Connector.idOf(origin, resource)(r) === failId ? "injected failure" : undefined))
    return { target, heal: () => void (failing = false) }
  }

  const list: Array<Check> = [
    {
      name: "reads all pages, each page a whole chunk",
      run: Effect.gen(function* () {
        const n = pageSize * 2 + 3
        const records = distinct(n)
        const connector = yield* config.setup(records)
        const pages = yield* readAll(connector, cursor())
        const ids = pages.flat().map((r) => Connector.idOf(connector, resource)(r))
        yield* expect("reads all pages", ids.length === n, () => `read ${ids.length} records, expected ${n}`)
        yield* expect("reads all pages", new Set(ids).size === n, () => `duplicate ids in ${ids.join(",")}`)
        yield* expect("reads all pages", pages.length >= 3, () => `expected at least 3 pages, got ${pages.length}`)
      })
    },
    {
      name: "reads in ascending cursor order",
      run: Effect.gen(function* () {
        const connector = yield* config.setup(distinct(pageSize * 2))
        if (!Connector.isSortable(connector, resource, mode)) return
        const value = Effect.runSync(Connector.cursorValueOf(connector, resource, mode))
        const values = (yield* readAll(connector, cursor())).flat().map((r) => value(r) ?? "")
        for (let i = 1; i < values.length; i++) {
          yield* expect("ascending order", Cursor.compareValues(values[i - 1]!, values[i]!) <= 0, () => `${values[i - 1]} came before ${values[i]}`)
        }
      })
    },
    {
      name: "resumes from a cursor: a second run reads nothing new and a failed write is retried next run",
      run: Effect.gen(function* () {
        const n = pageSize * 3
        const records = distinct(n)
        const origin = yield* config.setup(records)
        const { target, heal } = failingOnce(origin, idsOf(origin, records)[pageSize + 2])
        const first = yield* pullInto(origin, target, cursor())
        yield* expect("resume", first.stats.failed === 1, () => `expected 1 failed write, got ${first.stats.failed}`)
        heal()
        const second = yield* pullInto(origin, target, Cursor.resumeFrom(first.cursor))
        yield* expect("resume", target.data[resource].size === n, () => `target has ${target.data[resource].size}, expected ${n}`)
        yield* expect("resume", second.stats.written >= 1, () => "the failed record was not written by the second run")
        const third = yield* pullInto(origin, target, Cursor.resumeFrom(second.cursor))
        yield* expect("resume", third.stats.written === 0, () => `a run after completion wrote ${third.stats.written}`)
      })
    },
    {
      name: "ties at page boundaries: records sharing one cursor value are taken exactly once, also across a failed run",
      run: Effect.gen(function* () {
        const n = pageSize * 3 + 1
        const records = tied(n)
        const origin = yield* config.setup(records)
        const target = memoryTarget(origin)
        const first = yield* pullInto(origin, target, cursor())
        yield* expect("ties", first.stats.written === n, () => `wrote ${first.stats.written} of ${n}`)
        const writtenIds = target.writes.flatMap((w) => idsOf(origin, w.batch))
        yield* expect("ties", new Set(writtenIds).size === writtenIds.length, () => "a record was written twice")
        const again = yield* pullInto(origin, target, Cursor.resumeFrom(first.cursor))
        yield* expect("ties", again.stats.written === 0, () => `resume after ties wrote ${again.stats.written} again`)

        const { target: flaky, heal } = failingOnce(origin, idsOf(origin, records)[pageSize + 2])
        const broken = yield* pullInto(origin, flaky, cursor())
        heal()
        yield* pullInto(origin, flaky, Cursor.resumeFrom(broken.cursor))
        yield* expect("ties", flaky.data[resource].size === n, () => `after a failed run and a resume the target has ${flaky.data[resource].size} of ${n}`)
      })
    }
  ]

  if (config.desc !== false) {
    list.push({
      name: "reads in descending order",
      run: Effect.gen(function* () {
        const connector = yield* config.setup(distinct(pageSize * 2 + 1))
        if (!Connector.isSortable(connector, resource, mode)) return
        const value = Effect.runSync(Connector.cursorValueOf(connector, resource, mode))
        const values = (yield* readAll(connector, cursor("desc"))).flat().map((r) => value(r) ?? "")
        yield* expect("desc", values.length === pageSize * 2 + 1, () => `read ${values.length} records`)
        for (let i = 1; i < values.length; i++) {
          yield* expect("desc", Cursor.compareValues(values[i - 1]!, values[i]!) >= 0, () => `${values[i - 1]} came before ${values[i]} in descending order`)
        }
      })
    })
  }

  for (const condition of config.pushdown ?? []) {
    list.push({
      name: `pushdown honoured: ${condition.field} ${condition.op} ${JSON.stringify(condition.value)}`,
      run: Effect.gen(function* () {
        const records = distinct(pageSize * 2)
        const connector = yield* config.setup(records)
        const split = connector.pushdown(resource, [condition])
        yield* expect("pushdown", split.pushed.length === 1, () => "the connector did not push this condition down")
        const read = (yield* readAll(connector, cursor(), split.pushed)).flat()
        const expected = Postfilter.applyPostfilters(records, [condition])
        const got = new Set(idsOf(connector, read))
        const want = new Set(idsOf(connector, expected))
        yield* expect(
          "pushdown",
          got.size === want.size && [...want].every((id) => got.has(id)),
          () => `read ${[...got].join(",")} but applyPostfilters keeps ${[...want].join(",")}`
        )
      })
    })
  }

  list.push({
    name: "write round-trip",
    run: Effect.gen(function* () {
      const connector = yield* config.setup([])
      const canWrite = config.write ?? connector.capabilities.write.includes(resource)
      if (!canWrite) return
      const records = distinct(5)
      const outcomes = yield* connector.write(resource, records)
      yield* expect("write", outcomes.length === 5 && outcomes.every((o) => o._tag !== "failed"), () => `outcomes: ${JSON.stringify(outcomes)}`)
      const again = yield* connector.write(resource, records)
      yield* expect(
        "write",
        again.every((o) => o._tag !== "failed"),
        () => `rewrite failed: ${JSON.stringify(again)}`
      )
      if (!connector.capabilities.read.includes(resource)) return
      const read = (yield* readAll(connector, cursor())).flat()
      const ids = new Set(idsOf(connector, read))
      yield* expect(
        "write",
        idsOf(connector, records).every((id) => ids.has(id)) && read.length === 5,
        () => `read back ${read.length} records: ${[...ids].join(",")}`
      )
      const unified = connector.toUnified(resource, read[0]!)
      yield* expect("write", typeof unified.id === "string" && unified.id.length > 0, () => "toUnified lost the id")
    })
  })

  if (config.invalidRecord !== undefined) {
    list.push({
      name: "a record that fails the schema surfaces as a typed DecodeError",
      run: Effect.gen(function* () {
        const records = distinct(3)
        const connector = yield* config.setup([...records.slice(0, 2), config.invalidRecord, records[2]])
        const failure = yield* Effect.flip(readAll(connector, cursor()))
        yield* expect(
          "decode",
          (failure as { _tag?: string })._tag === "DecodeError",
          () => `expected DecodeError, got ${String((failure as { _tag?: string })._tag)}`
        )
        const target = memoryTarget(connector)
        const result = yield* pullInto(connector, target, cursor())
        yield* expect("decode", result.stats.failed === 1 && result.stats.errors[0]?.stage === "decode", () => `pull stats: ${JSON.stringify(result.stats)}`)
        yield* expect("decode", result.stats.written === 3, () => `valid records written: ${result.stats.written}`)
      })
    })
  }
  return list
}
