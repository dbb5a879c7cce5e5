/**
 * What the job-board feed targets share: a keyed set of jobs that writes upsert into and archives
 * remove from, held as pending changes until `commit` hands them to the feed's store, which publishes
 * them atomically (temporary file + rename). Until then the published files are untouched; a scope
 * that fails drops the pending changes. Only jobs are supported, and only as a target.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { randomUUID } from "node:crypto"
import { createReadStream, createWriteStream } from "node:fs"
import { open, rename, rm, stat } from "node:fs/promises"
import { basename, dirname, join, resolve } from "node:path"
import { createInterface } from "node:readline"
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import * as Connector from "../../core/Connector.js"
import { ConfigError, type ConnectorError, DecodeError, TransportError, Unsupported } from "../../core/ConnectorError.js"
import * as Metadata from "../../core/Metadata.js"
import type { Resource } from "../../core/Resource.js"
import * as Unified from "../../core/Unified.js"

/** A change to the published set: a job to list (as stored), or one to take out. */
export type Change = { readonly _tag: "upsert"; readonly job: Unified.UnifiedJob } | { readonly _tag: "remove" }

/** How a feed keeps and publishes its jobs. */
export interface Store {
  /** The ids of the jobs the published feed lists now. */
  readonly ids: Effect.Effect<ReadonlyArray<string>, ConnectorError>
  /** Publishes the changes (by job id, in order) atomically; `now` is the build time in epoch ms. */
  readonly apply: (changes: ReadonlyMap<string, Change>, now: number) => Effect.Effect<void, ConnectorError>
}

/** What makes one feed target differ from another. */
export interface Definition {
  readonly name: string
  readonly label: string
  /** How failure reasons name the feed's format, e.g. `Indeed` or `JobPosting`. */
  readonly format: string
  /** The feed's required fields a job lacks, each named with the unified fields it comes from. */
  readonly missing: (job: Unified.UnifiedJob) => ReadonlyArray<string>
  /** A reason this job id cannot be published at all (e.g. too long for a file name). */
  readonly rejectId?: (id: string) => string | undefined
  readonly store: Store
}

/** A feed target: a Connector whose writes become visible at `commit` (or when its scope closes successfully). */
export interface FeedTarget extends Connector.Connector {
  /** Publishes the pending changes atomically; a no-op when there are none. */
  readonly commit: Effect.Effect<void, ConnectorError>
}

/** Statuses of jobs that are not (or no longer) published: writing one takes it out of the feed. */
export const unlistedStatuses: ReadonlyArray<string> = ["draft", "closed", "archived"]

/** Whether a job belongs in a feed: open, or without a status. */
export const isListed = (job: Unified.UnifiedJob): boolean => job.status === undefined || !unlistedStatuses.includes(job.status)

/** Whether a value is non-blank text. */
export const hasText = (value: string | null | undefined): value is string => typeof value === "string" && value.trim() !== ""

/** The first non-blank text among the values. */
export const firstText = (...values: ReadonlyArray<string | null | undefined>): string | undefined => values.find(hasText)

/** Whether the job is remote (its own flag or its location's). */
export const isRemote = (job: Unified.UnifiedJob): boolean => job.remote === true || job.location?.remote === true

/** The instant a job was first published: `published_at`, else `created_at` (epoch ms). */
export const postedAt = (job: Unified.UnifiedJob): { readonly text: string; readonly ms: number } | undefined => {
  for (const text of [job.published_at, job.created_at]) {
    const ms = hasText(text) ? Metadata.parseInstant(text) : undefined
    if (ms !== undefined) return { text: text!, ms }
  }
  return undefined
}

/** The names of the checks that failed, in order. */
export const missingOf = (checks: ReadonlyArray<readonly [name: string, present: boolean]>): ReadonlyArray<string> =>
  checks.flatMap(([name, present]) => (present ? [] : [name]))

const unifiedJobFields = Metadata.fieldNames(Unified.UnifiedJob)
const storedJobFields = unifiedJobFields.filter((name) => name !== "payload")

const pick = (record: object, fields: ReadonlyArray<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const key of fields) if (Object.prototype.hasOwnProperty.call(record, key)) out[key] = (record as Record<string, unknown>)[key]
  return out
}

/**
 * A job as a feed keeps it: its unified fields without the origin's `payload` (a feed never needs it),
 * completed, so that a job giving only the original's fields (`ranges_float` salary, `location.fields`)
 * fills the feed's salary and address too.
 */
export const storedJob = (record: object): Unified.UnifiedJob => Unified.completeJob(pick(record, storedJobFields) as unknown as Unified.UnifiedJob)

/**
 * A job a feed kept before the unified job took the original project's names, under the current ones
 * (`title` → `name`, `description` → `text`); any other job as it is.
 */
export const upgradeStored = (job: Readonly<Record<string, unknown>>): Unified.UnifiedJob => {
  if (!("title" in job) && !("description" in job)) return job as unknown as Unified.UnifiedJob
  const { title, description, ...rest } = job
  return {
    ...(rest.name === undefined && title !== undefined ? { name: title } : {}),
    ...(rest.text === undefined && description !== undefined ? { text: description } : {}),
    ...rest
  } as unknown as Unified.UnifiedJob
}

/** Splits `scheme:path?query` (also `scheme://path` and `scheme:///abs/path`) into an absolute path and its query. */
export const parseUri = (
  uri: string,
  scheme: string,
  example: string
): Either.Either<{ readonly path: string; readonly query: URLSearchParams }, ConfigError> => {
  const connector = uri.split("?")[0]!
  if (!uri.startsWith(scheme)) return Either.left(new ConfigError({ connector, field: "uri", reason: `expected ${example}` }))
  const [rawPath = "", query = ""] = uri.slice(scheme.length).split("?", 2)
  const path = rawPath.replace(/^\/\/(?=\/)|^\/\//, "")
  if (path === "") return Either.left(new ConfigError({ connector, field: "uri", reason: `the URI needs a path, e.g. ${example}` }))
  return Either.right({ path: resolve(path), query: new URLSearchParams(query) })
}

/** A TransportError for a failed file operation. */
export const ioError =
  (connector: string, what: string, path: string) =>
  (e: unknown): ConnectorError =>
    e instanceof DecodeError || e instanceof ConfigError
      ? e
      : new TransportError({ connector, reason: `${what} ${path}: ${(e as Error)?.message ?? String(e)}` })

/** Whether a path exists. */
export const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    (e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? false : Promise.reject(e))
  )

const tempPath = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`)

const fsync = async (path: string) => {
  const handle = await open(path, "r+")
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Writes text to a temporary file next to `path` and flushes it to disk; resolves with the temporary
 * path, which the caller renames over `path` to publish it (or removes).
 */
export const writeTemporary = async (path: string, chunks: string | Iterable<string> | AsyncIterable<string>): Promise<string> => {
  const temp = tempPath(path)
  try {
    await pipeline(Readable.from(typeof chunks === "string" ? [chunks] : chunks), createWriteStream(temp))
    await fsync(temp)
    return temp
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
}

/** Replaces `path` with the text atomically: readers see the old file or the new one, never a part. */
export const writeAtomically = async (path: string, chunks: string | Iterable<string> | AsyncIterable<string>): Promise<void> => {
  const temp = await writeTemporary(path, chunks)
  try {
    await rename(temp, path)
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
}

/** The non-blank lines of a text file with their 1-based numbers; nothing when the file does not exist. */
export async function* lines(path: string): AsyncGenerator<{ readonly line: number; readonly text: string }> {
  if (!(await exists(path))) return
  let line = 0
  const input = createReadStream(path)
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++
      if (text.trim() !== "") yield { line, text }
    }
  } finally {
    // A consumer that stops early (e.g. on a corrupt line) must not leave the file open.
    input.destroy()
  }
}

/** Builds a feed target; its scope publishes the pending changes on success and drops them on failure. */
export const make = (definition: Definition): Effect.Effect<FeedTarget, never, Scope.Scope> =>
  Effect.gen(function* () {
    const { name, store } = definition
    const unsupported = (operation: string, reason: string) => new Unsupported({ connector: name, operation, reason })
    const jobsOnly = (operation: string, resource: Resource) =>
      resource === "job" ? undefined : unsupported(`${operation} ${resource}`, `${definition.label} lists jobs only`)
    // Writes and commits are serialised: `known` and `pending` describe the set as it will be published.
    const lock = yield* Effect.makeSemaphore(1)
    const pending = new Map<string, Change>()
    let known: Set<string> | undefined
    const loadKnown = Effect.suspend(() => (known ? Effect.succeed(known) : Effect.map(store.ids, (ids) => (known = new Set(ids)))))
    const remove = (id: string) => {
      pending.set(id, { _tag: "remove" })
      known!.delete(id)
      return Connector.Outcome.archived(id)
    }

    const commit = lock.withPermits(1)(
      Effect.suspend(() => {
        if (pending.size === 0) return Effect.void
        const changes = new Map(pending)
        return Clock.currentTimeMillis.pipe(
          Effect.flatMap((now) => store.apply(changes, now)),
          Effect.tap(() => Effect.sync(() => pending.clear()))
        )
      })
    )
    yield* Effect.addFinalizer((exit) =>
      Exit.isSuccess(exit)
        ? Effect.orDie(commit)
        : Effect.sync(() => {
            pending.clear()
            known = undefined
          })
    )

    const self: FeedTarget = {
      name,
      label: definition.label,
      warehouseType: "jobboard",
      schemas: { job: Unified.UnifiedJob, profile: Unified.UnifiedProfile },
      capabilities: { read: [], write: ["job"], archive: ["job"] },
      commit,
      pushdown: (_resource, where) => ({ pushed: [], inMemory: [...where] }),
      read: (resource) => Stream.fail(unsupported(`read ${resource}`, `${definition.label} is a target only`)),
      fetchByEvents: (resource) => Effect.fail(unsupported(`fetch ${resource}`, `${definition.label} is a target only`)),
      write: (resource, batch, writeOptions) => {
        const refused = jobsOnly("write", resource)
        if (refused) return Effect.fail(refused)
        const check = Connector.writeCheck(self, "job", writeOptions)
        return lock.withPermits(1)(
          Effect.map(loadKnown, (ids) =>
            batch.map((record): Connector.WriteOutcome => {
              const invalid = check(record)
              if (invalid) return invalid
              const job = storedJob(record)
              const rejected = definition.rejectId?.(job.id)
              if (rejected !== undefined) return Connector.Outcome.failed(job.id, rejected)
              // A job that is no longer open leaves the feed, whatever else it lacks.
              if (!isListed(job)) return remove(job.id)
              const missing = definition.missing(job)
              if (missing.length > 0) {
                return Connector.Outcome.failed(job.id, `missing required ${definition.format} fields: ${missing.join(", ")}`)
              }
              const existed = ids.has(job.id)
              ids.add(job.id)
              pending.set(job.id, { _tag: "upsert", job })
              return existed ? Connector.Outcome.updated(job.id) : Connector.Outcome.created(job.id)
            })
          )
        )
      },
      // Archiving a job the feed does not list succeeds: afterwards the feed does not list it, as asked.
      archive: (resource, ids) => {
        const refused = jobsOnly("archive", resource)
        if (refused) return Effect.fail(refused)
        return lock.withPermits(1)(Effect.map(loadKnown, () => ids.map(remove)))
      },
      toUnified: (resource, record) => pick(record, Metadata.fieldNames(Unified.schemaFor(resource))) as unknown as Unified.UnifiedRecord,
      fromUnified: (resource, record) => pick(record, Metadata.fieldNames(Unified.schemaFor(resource)))
    }
    return self
  })
