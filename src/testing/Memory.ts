/**
 * An in-memory connector for tests and examples: seedable records, every write recorded, optional
 * injected write failures, and reads that honour the cursor, pushed-down conditions and page size.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Connector from "../core/Connector.js"
import * as Cursor from "../core/Cursor.js"
import * as Metadata from "../core/Metadata.js"
import * as Postfilter from "../core/Postfilter.js"
import * as QueryParams from "../core/QueryParams.js"
import type { Resource } from "../core/Resource.js"
import * as Unified from "../core/Unified.js"

/** Options of an in-memory connector. */
export interface Options {
  readonly name?: string
  readonly label?: string
  readonly schemas?: Connector.Connector["schemas"]
  /** Initial records per resource (JSON form). */
  readonly seed?: Partial<Record<Resource, ReadonlyArray<Connector.NativeRecord>>>
  /** Records per page served by `read` (default: the read's batch size). */
  readonly pageSize?: number
  /** Returns a reason to fail writing this record, or undefined to accept it. */
  readonly failWrite?: (record: Connector.NativeRecord) => string | undefined
  /** Maps native ↔ unified; defaults to identity (the default schemas are the unified ones). */
  readonly toUnified?: Connector.Connector["toUnified"]
  readonly fromUnified?: Connector.Connector["fromUnified"]
}

/** An in-memory connector plus handles to inspect and change its data. */
export interface MemoryConnector extends Connector.Connector {
  /** Current records by resource, keyed by id, in insertion order. */
  readonly data: Record<Resource, Map<string, Connector.NativeRecord>>
  /** Every batch passed to `write`, in order. */
  readonly writes: Array<{ readonly resource: Resource; readonly batch: ReadonlyArray<Connector.NativeRecord> }>
  /** Every `read` call's options, in order. */
  readonly reads: Array<{ readonly resource: Resource; readonly options: Connector.ReadOptions }>
  /** Ids passed to `archive`. */
  readonly archived: Array<string>
  /** Adds or replaces records. */
  readonly put: (resource: Resource, records: ReadonlyArray<Connector.NativeRecord>) => void
}

/** Builds an in-memory connector. */
export const make = (options: Options = {}): MemoryConnector => {
  const schemas = options.schemas ?? { job: Unified.UnifiedJob, profile: Unified.UnifiedProfile }
  const name = options.name ?? "memory"
  const data: MemoryConnector["data"] = { job: new Map(), profile: new Map() }
  const writes: MemoryConnector["writes"] = []
  const reads: MemoryConnector["reads"] = []
  const archived: Array<string> = []
  const idField = (resource: Resource) => Metadata.identifierField(schemas[resource]) ?? "id"
  const put = (resource: Resource, records: ReadonlyArray<Connector.NativeRecord>) => {
    const key = idField(resource)
    for (const record of records) data[resource].set(String(record[key]), record)
  }
  for (const resource of ["job", "profile"] as const) put(resource, options.seed?.[resource] ?? [])
  const pushdowns = { job: QueryParams.pushdownFor(schemas.job), profile: QueryParams.pushdownFor(schemas.profile) }

  const self: MemoryConnector = {
    name,
    label: options.label ?? "In-memory",
    warehouseType: "database",
    schemas,
    capabilities: { read: ["job", "profile"], write: ["job", "profile"], archive: ["job", "profile"] },
    data,
    writes,
    reads,
    archived,
    put,
    pushdown: (resource, where) => pushdowns[resource](where),
    read: (resource, readOptions) =>
      Stream.suspend(() => {
        reads.push({ resource, options: readOptions })
        const { cursor } = readOptions
        const found = Metadata.cursorField(schemas[resource], cursor.mode)
        if (!found) return Stream.empty
        const key = idField(resource)
        const value = (r: Connector.NativeRecord) => Cursor.valueToString(r[found.name])
        const keep = Either.getOrThrow(Postfilter.compile(readOptions.where))
        const direction = cursor.sort_by === "asc" ? 1 : -1
        const start = cursor.start ?? undefined
        const rows = [...data[resource].values()].filter((r) => {
          const v = value(r)
          if (v === undefined) return start === undefined
          if (start !== undefined && Cursor.isBeforeStart(cursor.sort_by, v, start)) return false
          if (readOptions.until !== undefined && Cursor.compareValues(v, readOptions.until) > 0) return false
          return keep(r)
        })
        if (found.meta.sortable !== false) {
          rows.sort((a, b) => {
            const c = Cursor.compareValues(value(a) ?? "", value(b) ?? "")
            return direction * (c !== 0 ? c : Cursor.compareValues(String(a[key]), String(b[key])))
          })
        }
        const size = Math.max(1, options.pageSize ?? readOptions.batchSize)
        return Stream.paginateChunk(0, (offset) => {
          const page = Chunk.unsafeFromArray(rows.slice(offset, offset + size))
          return [page, offset + size < rows.length ? Option.some(offset + size) : Option.none()]
        })
      }),
    write: (resource, batch) =>
      Effect.sync(() => {
        writes.push({ resource, batch })
        const key = idField(resource)
        const idOf = Connector.idOf(self, resource)
        const store = data[resource]
        const failWrite = options.failWrite
        const outcomes = new Array<Connector.WriteOutcome>(batch.length)
        for (let i = 0; i < batch.length; i++) {
          const record = batch[i]!
          const id = idOf(record) ?? String(record[key])
          const reason = failWrite?.(record)
          if (reason !== undefined) {
            outcomes[i] = Connector.Outcome.failed(id, reason)
            continue
          }
          const size = store.size
          store.set(id, record)
          outcomes[i] = store.size > size ? Connector.Outcome.created(id) : Connector.Outcome.updated(id)
        }
        return outcomes
      }),
    archive: (resource, ids) =>
      Effect.sync(() =>
        ids.map((id) => {
          archived.push(id)
          return data[resource].delete(id) ? Connector.Outcome.archived(id) : Connector.Outcome.failed(id, "not found")
        })
      ),
    toUnified: options.toUnified ?? ((_, record) => record as unknown as Unified.UnifiedRecord),
    fromUnified: options.fromUnified ?? ((_, record) => record as unknown as Connector.NativeRecord),
    fetchByEvents: (resource, events) =>
      Effect.sync(() =>
        events.flatMap((e) => {
          const found = data[resource].get(e.resource_id)
          return found ? [found] : []
        })
      )
  }
  return self
}
