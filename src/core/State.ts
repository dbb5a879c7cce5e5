/**
 * The durable state a pipeline keeps between runs: cursor checkpoints, saved mapping formatters and
 * failed records. Core defines the service; `hrtech-etl`'s store layer implements it on SQLite or
 * PostgreSQL, and `State.memory` serves tests and one-off runs.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Cursor from "./Cursor.js"
import type * as Push from "./Push.js"
import { Resource } from "./Resource.js"

/** One rule of a no-code mapping: copy `from` (dotted path) to `to`, with an optional default and transform. */
export const MappingRule = Schema.Struct({
  from: Schema.optional(Schema.String),
  to: Schema.String.pipe(Schema.minLength(1)),
  default: Schema.optional(Schema.Unknown),
  transform: Schema.optional(Schema.Literal("string", "number", "boolean", "date_iso", "lowercase", "uppercase", "trim", "join", "split")),
  separator: Schema.optional(Schema.String)
}).annotations({ identifier: "MappingRule" })
/** @see MappingRule */
export type MappingRule = typeof MappingRule.Type

/** A mapping spec: the rules applied in order. */
export const Mapping = Schema.Array(MappingRule).annotations({ identifier: "Mapping" })
/** @see Mapping */
export type Mapping = typeof Mapping.Type

/** A saved mapping formatter. */
export const FormatterRecord = Schema.Struct({
  formatter_id: Schema.String,
  resource: Resource,
  origin: Schema.String,
  target: Schema.String,
  mapping: Mapping,
  created_at: Schema.String
}).annotations({ identifier: "FormatterRecord" })
/** @see FormatterRecord */
export type FormatterRecord = typeof FormatterRecord.Type

/** A record that failed a pipeline stage, kept for inspection and replay. */
export interface FailedRecord {
  readonly pipeline_id: string
  readonly record_id?: string
  readonly stage: Push.Stage
  readonly message: string
  readonly payload?: unknown
}

/** A failed record as stored: with its row id (for removal) and when it was recorded. */
export interface StoredFailure extends FailedRecord {
  readonly id: number
  readonly created_at: string
}

/** A webhook delivery as kept in the inbox between its acceptance (HTTP 202) and its processing. */
export interface Delivery {
  /** The parsed event, as JSON (what the worker processes). */
  readonly event: unknown
  /** The raw body, byte for byte as received (for audit and re-verification). */
  readonly body: string
  /** The request headers, without credentials (`authorization`, `cookie`). */
  readonly headers: Readonly<Record<string, string>>
}

/** An accepted delivery not yet processed. */
export interface PendingDelivery extends Delivery {
  readonly source: string
  readonly event_id: string
  readonly received_at: string
}

/** What `prune` removed. */
export interface Pruned {
  readonly events: number
  readonly failures: number
}

/** A failure of the state store itself. */
export class StateError extends Schema.TaggedError<StateError>("hrtech-etl/StateError")("StateError", {
  operation: Schema.String,
  reason: Schema.String
}) {
  readonly code = "state_error"
  readonly category = "unavailable" as const
  override get message(): string {
    return `state store: ${this.operation} failed: ${this.reason}`
  }
}

/** The state store service. */
export interface StateStoreService {
  /** The last checkpoint saved for a pipeline. */
  readonly loadCursor: (pipelineId: string) => Effect.Effect<Option.Option<Cursor.Cursor>, StateError>
  /** Saves a checkpoint atomically (replacing the previous one). */
  readonly saveCursor: (pipelineId: string, cursor: Cursor.Cursor) => Effect.Effect<void, StateError>
  /** Saves a mapping formatter and returns it with its id. */
  readonly saveFormatter: (
    spec: Omit<FormatterRecord, "formatter_id" | "created_at"> & { readonly formatter_id?: string }
  ) => Effect.Effect<FormatterRecord, StateError>
  /** A saved formatter by id. */
  readonly getFormatter: (formatterId: string) => Effect.Effect<Option.Option<FormatterRecord>, StateError>
  /** Appends failed records. */
  readonly recordFailures: (failures: ReadonlyArray<FailedRecord>) => Effect.Effect<void, StateError>
  /** Failed records, newest first. */
  readonly listFailures: (pipelineId?: string, limit?: number) => Effect.Effect<ReadonlyArray<StoredFailure>, StateError>
  /** Removes failed records by their row ids (after a replay wrote them); unknown ids are ignored. */
  readonly removeFailures: (ids: ReadonlyArray<number>) => Effect.Effect<void, StateError>
  /**
   * Remembers that an event id was received from a source (e.g. a webhook delivery of a connector),
   * atomically: true the first time the pair is seen, false for every later call (a retried delivery).
   */
  readonly rememberEvent: (source: string, eventId: string) => Effect.Effect<boolean, StateError>
  /**
   * Accepts a delivery durably, in one transaction: remembers its event id (as `rememberEvent`) and,
   * the first time, keeps the delivery in the inbox until `completeDelivery`. True when it is new; a
   * crash after this returns true cannot lose it (`pendingDeliveries` returns it on restart).
   */
  readonly acceptDelivery: (source: string, eventId: string, delivery: Delivery) => Effect.Effect<boolean, StateError>
  /** Accepted deliveries of a source not yet completed, oldest first. */
  readonly pendingDeliveries: (source: string, limit?: number) => Effect.Effect<ReadonlyArray<PendingDelivery>, StateError>
  /** Removes a processed delivery from the inbox (its event id stays remembered). */
  readonly completeDelivery: (source: string, eventId: string) => Effect.Effect<void, StateError>
  /** Forgets remembered event ids and failed records older than `before` (ISO); pending deliveries are kept. */
  readonly prune: (before: string) => Effect.Effect<Pruned, StateError>
}

/** The state store service tag. */
export class StateStore extends Context.Tag("hrtech-etl/StateStore")<StateStore, StateStoreService>() {}

/** A deterministic formatter id from its content (same mapping → same id). */
export const formatterIdOf = (spec: { readonly resource: string; readonly origin: string; readonly target: string; readonly mapping: Mapping }): string =>
  `fmt_${hash(JSON.stringify([spec.resource, spec.origin, spec.target, spec.mapping]))}`

/** A short stable hash (FNV-1a, 64-bit as hex) for ids; not for security. */
export const hash = (text: string): string => {
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i))
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, "0")
}

/** An in-memory state store (lost at exit): for tests and runs without `--state`. */
export const makeMemory = Effect.sync((): StateStoreService => {
  const cursors = new Map<string, Cursor.Cursor>()
  const formatters = new Map<string, FormatterRecord>()
  const failures: Array<StoredFailure> = []
  let lastFailureId = 0
  const events = new Map<string, Map<string, string>>()
  const inbox = new Map<string, PendingDelivery>()
  const inboxKey = (source: string, eventId: string) => JSON.stringify([source, eventId])
  const remember = (source: string, eventId: string): boolean => {
    const seen = events.get(source) ?? new Map<string, string>()
    events.set(source, seen)
    if (seen.has(eventId)) return false
    seen.set(eventId, new Date().toISOString())
    return true
  }
  return {
    loadCursor: (id) => Effect.sync(() => Option.fromNullable(cursors.get(id))),
    saveCursor: (id, cursor) => Effect.sync(() => void cursors.set(id, cursor)),
    saveFormatter: (spec) =>
      Effect.sync(() => {
        const formatter_id = spec.formatter_id ?? formatterIdOf(spec)
        const existing = formatters.get(formatter_id)
        const record: FormatterRecord = {
          formatter_id,
          resource: spec.resource,
          origin: spec.origin,
          target: spec.target,
          mapping: spec.mapping,
          created_at: existing?.created_at ?? new Date().toISOString()
        }
        formatters.set(formatter_id, record)
        return record
      }),
    getFormatter: (id) => Effect.sync(() => Option.fromNullable(formatters.get(id))),
    recordFailures: (list) =>
      Effect.sync(() => {
        // Ids keep growing after removals, as the SQL store's do: a removed row's id is never reused.
        for (const f of list) failures.push({ ...f, id: ++lastFailureId, created_at: new Date().toISOString() })
      }),
    listFailures: (pipelineId, limit = 100) =>
      Effect.sync(() =>
        failures
          .filter((f) => pipelineId === undefined || f.pipeline_id === pipelineId)
          .slice(-limit)
          .reverse()
      ),
    removeFailures: (ids) =>
      Effect.sync(() => {
        const gone = new Set(ids)
        const kept = failures.filter((f) => !gone.has(f.id))
        failures.splice(0, failures.length, ...kept)
      }),
    rememberEvent: (source, eventId) => Effect.sync(() => remember(source, eventId)),
    acceptDelivery: (source, eventId, delivery) =>
      Effect.sync(() => {
        if (!remember(source, eventId)) return false
        inbox.set(inboxKey(source, eventId), { ...delivery, source, event_id: eventId, received_at: new Date().toISOString() })
        return true
      }),
    pendingDeliveries: (source, limit = 1000) => Effect.sync(() => [...inbox.values()].filter((d) => d.source === source).slice(0, limit)),
    completeDelivery: (source, eventId) => Effect.sync(() => void inbox.delete(inboxKey(source, eventId))),
    prune: (before) =>
      Effect.sync(() => {
        let removedEvents = 0
        for (const [source, seen] of events) {
          for (const [id, at] of seen) {
            // A pending delivery's id stays remembered, or a retry would be accepted twice.
            if (at < before && !inbox.has(inboxKey(source, id))) {
              seen.delete(id)
              removedEvents++
            }
          }
        }
        const kept = failures.filter((f) => f.created_at >= before)
        const removedFailures = failures.length - kept.length
        failures.splice(0, failures.length, ...kept)
        return { events: removedEvents, failures: removedFailures }
      })
  }
})

/** Layer of the in-memory state store. */
export const memory: Layer.Layer<StateStore> = Layer.effect(StateStore, makeMemory)
