/**
 * The connector service: one external system (ATS, CRM, job board, HCM, database, file) seen as a
 * Stream of its native records plus a batched write. Each connector instance is a service value built
 * by a Layer from its config and auth; the pipeline only ever talks to this interface.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Condition } from "./Condition.js"
import * as Cursor from "./Cursor.js"
import { pathToField } from "./Decode.js"
import { DecodeError, type ConnectorError, TransportError, Unsupported, type WebhookError } from "./ConnectorError.js"
import * as Guard from "./Guard.js"
import * as Metadata from "./Metadata.js"
import type { Resource, WarehouseType } from "./Resource.js"
import type { UnifiedEvent, UnifiedRecord } from "./Unified.js"

/** A native record in its wire (JSON) form, as the vendor sends and accepts it. */
export type NativeRecord = { readonly [key: string]: unknown }

/** A native struct schema whose decoded form is its JSON form. */
export type NativeSchema = Schema.Schema.AnyNoContext

/** What a read is asked for. */
export interface ReadOptions {
  /** Where to start (inclusive) and in which direction. */
  readonly cursor: Cursor.Cursor
  /** The conditions this connector declared it can push down (see `pushdown`). */
  readonly where: ReadonlyArray<Condition>
  /** Page size to request. */
  readonly batchSize: number
  /** The far bound fixed when the run started (records past it are left for the next run). */
  readonly until?: string
  /**
   * Called when the origin hands out an opaque incremental token (e.g. Ashby's `syncToken` on the
   * final page); the pipeline stores the last one in the cursor's `token` once the run completes.
   * The read receives the previous token as `cursor.token`.
   */
  readonly onToken?: (token: string) => void
  /**
   * Called for input the origin could not even turn into a record (e.g. a malformed line of a file),
   * so the run reports it and goes on. Without it the read fails with a DecodeError.
   */
  readonly onInvalid?: (issue: InvalidInput) => void
}

/** Input an origin could not turn into a record, with where it was (e.g. `line 12`). */
export interface InvalidInput {
  readonly reason: string
  readonly location?: string
  readonly raw?: string
}

/** The outcome of writing (or archiving) one record. */
export type WriteOutcome =
  | { readonly _tag: "created"; readonly id: string }
  | { readonly _tag: "updated"; readonly id: string }
  | { readonly _tag: "archived"; readonly id: string }
  | { readonly _tag: "failed"; readonly id?: string; readonly reason: string }

/** Outcome constructors. */
export const Outcome = {
  created: (id: string): WriteOutcome => ({ _tag: "created", id }),
  updated: (id: string): WriteOutcome => ({ _tag: "updated", id }),
  archived: (id: string): WriteOutcome => ({ _tag: "archived", id }),
  failed: (id: string | undefined, reason: string): WriteOutcome => (id === undefined ? { _tag: "failed", reason } : { _tag: "failed", id, reason })
}

/** Which conditions a read sends to the origin and which the pipeline must apply in memory. */
export interface Pushdown {
  readonly pushed: ReadonlyArray<Condition>
  readonly inMemory: ReadonlyArray<Condition>
}

/** A raw webhook delivery: the exact body bytes (as text) and its headers (lower-cased names). */
export interface WebhookDelivery {
  readonly body: string
  readonly headers: Readonly<Record<string, string | undefined>>
}

/** The connector service. */
export interface Connector {
  readonly name: string
  readonly label: string
  readonly warehouseType: WarehouseType
  readonly schemas: { readonly job: NativeSchema; readonly profile: NativeSchema }
  /** Whether this connector can read / write / archive each resource. */
  readonly capabilities: {
    readonly read: ReadonlyArray<Resource>
    readonly write: ReadonlyArray<Resource>
    readonly archive: ReadonlyArray<Resource>
  }
  /**
   * Streams native records ordered by the cursor (when the origin can order), pages entering as whole
   * chunks, from the cursor's start (inclusive) until the origin is exhausted or `until` is passed.
   */
  readonly read: (resource: Resource, options: ReadOptions) => Stream.Stream<NativeRecord, ConnectorError>
  /** Writes a batch (create or update by id); one outcome per record, in order. */
  readonly write: (resource: Resource, batch: ReadonlyArray<NativeRecord>, options?: WriteOptions) => Effect.Effect<ReadonlyArray<WriteOutcome>, ConnectorError>
  /** Archives or deletes records by id, where the system has such a path. */
  readonly archive?: (resource: Resource, ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<WriteOutcome>, ConnectorError>
  /** Splits WHERE conditions into those the origin's query can express and those it cannot. */
  readonly pushdown: (resource: Resource, where: ReadonlyArray<Condition>) => Pushdown
  /** Maps a native record to the unified model. */
  readonly toUnified: (resource: Resource, record: NativeRecord) => UnifiedRecord
  /** Maps a unified record to this connector's native form. */
  readonly fromUnified: (resource: Resource, record: UnifiedRecord) => NativeRecord
  /** Parses a webhook delivery into a unified event; `None` for deliveries that are not resource changes. */
  readonly parseEvent?: (resource: Resource, delivery: WebhookDelivery, secret?: string) => Effect.Effect<Option.Option<UnifiedEvent>, WebhookError>
  /**
   * Makes what was written so far durable, for targets that buffer until the end (e.g. a file written
   * to a temporary path and renamed). A pipeline writing to such a target checkpoints only after it.
   */
  readonly commit?: Effect.Effect<void, ConnectorError>
  /** Counters of the connector's transport (HTTP requests, retries, time waited), when it has one. */
  readonly transportStats?: () => TransportStats
  /** Fetches the current records that events refer to; missing ones are simply absent. */
  readonly fetchByEvents: (resource: Resource, events: ReadonlyArray<UnifiedEvent>) => Effect.Effect<ReadonlyArray<NativeRecord>, ConnectorError>
}

/** Transport counters a connector reports (cumulative since it was built). */
export interface TransportStats {
  readonly requests: number
  readonly retries: number
  readonly waited_ms: number
}

/** The native schema of a resource. */
export const schemaOf = (connector: Connector, resource: Resource): NativeSchema => connector.schemas[resource]

/** The id of a native record, read from its schema's identifier field. */
export const idOf = (connector: Connector, resource: Resource) => {
  const field = Metadata.identifierField(schemaOf(connector, resource))
  return (record: NativeRecord): string | undefined => (field ? Cursor.valueToString(record[field]) : undefined)
}

/** The cursor value of a native record for a cursor mode. */
export const cursorValueOf = (connector: Connector, resource: Resource, mode: Cursor.CursorMode) => {
  const found = Metadata.cursorField(schemaOf(connector, resource), mode)
  if (!found) {
    return Either.left(
      new Unsupported({
        connector: connector.name,
        operation: `cursor mode ${mode}`,
        reason: `the native ${resource} schema has no field with cursor role ${mode}`
      })
    )
  }
  return Either.right((record: NativeRecord): string | undefined => Cursor.valueToString(record[found.name]))
}

/** Whether the origin returns records ordered by this cursor mode. */
export const isSortable = (connector: Connector, resource: Resource, mode: Cursor.CursorMode): boolean =>
  Metadata.cursorField(schemaOf(connector, resource), mode)?.meta.sortable !== false

/** A valid record, or the reason one is not. */
export type Decoded = Either.Either<NativeRecord, DecodeError>

/** Options of a write. */
export interface WriteOptions {
  /**
   * Every record was already validated against this connector's native schema for the resource (the
   * pipeline does so before it writes), so the connector need not validate the batch again.
   */
  readonly validated?: boolean
}

/**
 * A write's check of each record against the connector's native schema: the failed outcome of an
 * invalid record, or undefined. Checks nothing when the caller already validated the batch.
 */
export const writeCheck = (connector: Connector, resource: Resource, options?: WriteOptions) => {
  if (options?.validated === true) return (_record: NativeRecord): WriteOutcome | undefined => undefined
  const check = validator(connector, resource)
  return (record: NativeRecord): WriteOutcome | undefined => {
    const e = check(record)
    return e === undefined ? undefined : Outcome.failed(e.recordId, e.field ? `${e.field}: ${e.reason}` : e.reason)
  }
}

/** Builds a chunk-level validator of raw records against the connector's native schema. */
export const decoder = (connector: Connector, resource: Resource) => {
  const check = validator(connector, resource)
  return (raw: unknown): Decoded => {
    const error = check(raw)
    return error === undefined ? Either.right(raw as NativeRecord) : Either.left(error)
  }
}

/**
 * Like `decoder`, for hot loops: undefined for a valid record (which is then a `NativeRecord`), or the
 * reason it is not; allocates nothing for valid records.
 */
export const validator = (connector: Connector, resource: Resource) => {
  const schema = schemaOf(connector, resource)
  const accepts = Guard.compile(schema)
  const validate = Schema.decodeUnknownEither(schema, Guard.parseOptions)
  const getId = idOf(connector, resource)
  return (raw: unknown): DecodeError | undefined => {
    if (accepts(raw)) return undefined
    // Not shown valid by the guard: Effect's decoder decides, and explains a rejection.
    const result = validate(raw)
    if (Either.isRight(result)) return undefined
    const issue = ParseResult.ArrayFormatter.formatErrorSync(result.left)[0]
    const field = issue ? pathToField(issue.path) : undefined
    const id = raw !== null && typeof raw === "object" ? getId(raw as NativeRecord) : undefined
    return new DecodeError({
      connector: connector.name,
      reason: issue?.message ?? result.left.message,
      ...(field ? { field } : {}),
      ...(id ? { recordId: id } : {})
    })
  }
}

/** Reads and validates, failing the stream with a typed DecodeError at the first invalid record. */
export const readValid = (connector: Connector, resource: Resource, options: ReadOptions): Stream.Stream<NativeRecord, ConnectorError> => {
  const decode = decoder(connector, resource)
  return connector.read(resource, options).pipe(
    Stream.mapChunksEffect((chunk) => {
      const out: Array<NativeRecord> = []
      for (const raw of chunk) {
        const result = decode(raw)
        if (Either.isLeft(result)) return Effect.fail(result.left)
        out.push(result.right)
      }
      return Effect.succeed(Chunk.unsafeFromArray(out))
    })
  )
}

/** Fails with Unsupported when the connector cannot do `operation` for `resource`. */
export const require = (connector: Connector, resource: Resource, operation: "read" | "write" | "archive"): Effect.Effect<void, Unsupported> =>
  connector.capabilities[operation].includes(resource)
    ? Effect.void
    : Effect.fail(
        new Unsupported({
          connector: connector.name,
          operation: `${operation} ${resource}`,
          reason: `${connector.label} does not support it`
        })
      )

/** A connector written with async functions and async generators instead of Effect. */
export interface AsyncDefinition {
  readonly name: string
  readonly label?: string
  readonly warehouseType?: WarehouseType
  readonly schemas: Connector["schemas"]
  /** Yields pages (arrays of native records) in cursor order. */
  readonly read?: (resource: Resource, options: ReadOptions) => AsyncIterable<ReadonlyArray<NativeRecord>>
  /** Writes a batch and resolves with one outcome per record. */
  readonly write?: (resource: Resource, batch: ReadonlyArray<NativeRecord>, options?: WriteOptions) => Promise<ReadonlyArray<WriteOutcome>>
  readonly archive?: (resource: Resource, ids: ReadonlyArray<string>) => Promise<ReadonlyArray<WriteOutcome>>
  readonly fetchByEvents?: (resource: Resource, events: ReadonlyArray<UnifiedEvent>) => Promise<ReadonlyArray<NativeRecord>>
  readonly toUnified?: Connector["toUnified"]
  readonly fromUnified?: Connector["fromUnified"]
  /** Which WHERE conditions `read` honours; by default none (the pipeline applies them in memory). */
  readonly pushdown?: Connector["pushdown"]
}

const asyncFailure = (connector: string) => (cause: unknown) =>
  new TransportError({ connector, reason: cause instanceof Error ? cause.message : String(cause) })

/**
 * Builds a connector from async generators and Promise-returning functions. Throws InvalidMetadata
 * when a schema's field metadata cannot be right (`Metadata.validate`).
 */
export const fromAsyncIterable = (definition: AsyncDefinition): Connector => {
  const { name } = definition
  Metadata.validateOrThrow(definition.schemas.job)
  Metadata.validateOrThrow(definition.schemas.profile)
  const toError = asyncFailure(name)
  const resourcesIf = (present: unknown): ReadonlyArray<Resource> => (present ? ["job", "profile"] : [])
  const missing = (operation: string) => Effect.fail(new Unsupported({ connector: name, operation, reason: "not defined by this connector" }))
  return {
    name,
    label: definition.label ?? name,
    warehouseType: definition.warehouseType ?? "customers",
    schemas: definition.schemas,
    capabilities: {
      read: resourcesIf(definition.read),
      write: resourcesIf(definition.write),
      archive: resourcesIf(definition.archive)
    },
    pushdown: definition.pushdown ?? ((_, where) => ({ pushed: [], inMemory: where })),
    read: (resource, options) =>
      definition.read
        ? Stream.fromAsyncIterable(definition.read(resource, options), toError).pipe(Stream.mapChunks(Chunk.flatMap((page) => Chunk.fromIterable(page))))
        : Stream.fail(new Unsupported({ connector: name, operation: "read", reason: "not defined by this connector" })),
    write: (resource, batch, options) =>
      definition.write ? Effect.tryPromise({ try: () => definition.write!(resource, batch, options), catch: toError }) : missing("write"),
    ...(definition.archive
      ? { archive: (resource: Resource, ids: ReadonlyArray<string>) => Effect.tryPromise({ try: () => definition.archive!(resource, ids), catch: toError }) }
      : {}),
    fetchByEvents: (resource, events) =>
      definition.fetchByEvents ? Effect.tryPromise({ try: () => definition.fetchByEvents!(resource, events), catch: toError }) : missing("fetchByEvents"),
    toUnified: definition.toUnified ?? ((_, record) => record as unknown as UnifiedRecord),
    fromUnified: definition.fromUnified ?? ((_, record) => record as unknown as NativeRecord)
  }
}
