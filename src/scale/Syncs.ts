/**
 * Managing scheduled syncs: define (checked against the connectors' schemas before it is stored),
 * list, remove, ask for a run now, read status and history, and set the concurrency limit of a
 * class. The CLI (`hrtech-etl syncs ...`) and the HTTP API (`/api/syncs`) are thin shells over these.
 * Answers never carry auth values, and only workers (`getStored`) decrypt them.
 */
import * as Clock from "effect/Clock"
import * as Cron from "effect/Cron"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { isAbsolute, resolve } from "node:path"
import * as Runs from "../app/Runs.js"
import { InvalidInput } from "../core/Errors.js"
import * as Registry from "../core/Registry.js"
import * as State from "../core/State.js"
import * as Definition from "./Definition.js"
import { SyncNotFound, SyncStore } from "./SyncStore.js"

/** The current time as ISO text (the store's timestamp format). */
export const nowIso = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

/** The first time after `after` that a cron expression (UTC) fires. */
export const nextDue = (schedule: string, after: Date): Date => Cron.next(Cron.unsafeParse(schedule, "UTC"), after)

/**
 * Checks a definition as a run request is checked (`Runs.validate`): connectors known, cursor start,
 * WHERE/HAVING valid for the origin, formatter saved and fitting both schemas; and its schedule.
 */
export const validate = (input: Definition.SyncInput) =>
  Effect.gen(function* () {
    const registry = yield* Registry.Registry
    const schemasOf = (field: "origin" | "target") =>
      registry.schemas(input[field]).pipe(Effect.mapError((e) => new InvalidInput({ field, reason: e.message })))
    yield* schemasOf("origin")
    yield* schemasOf("target")
    // The run requests' own validation; errors name the condition (`where[1].op`, `having[0].field`).
    yield* Runs.validate({
      resource: input.resource,
      origin: input.origin,
      target: input.target,
      ...(input.cursor_start !== undefined ? { cursor: { mode: input.cursor_mode, start: input.cursor_start } } : {}),
      where: input.where,
      having: input.having,
      formatter_id: input.formatter_id
    }).pipe(
      Effect.mapError((e) => (e._tag === "InvalidInput" && e.field === "cursor.start" ? new InvalidInput({ field: "cursor_start", reason: e.reason }) : e))
    )
    const problem = Definition.cronProblem(input.schedule)
    if (problem !== undefined) return yield* new InvalidInput({ field: "schedule", reason: problem })
  })

/** Defines a sync (or replaces one with `replace`); the first run is due at the schedule's next time. */
export const add = (input: Definition.SyncInput, options: { readonly replace?: boolean } = {}) =>
  Effect.gen(function* () {
    yield* validate(input)
    const store = yield* SyncStore
    const now = yield* nowIso
    const saved = yield* store.put(
      {
        ...input,
        concurrency_class: input.concurrency_class ?? Definition.defaultClassOf(input.origin),
        next_due_at: input.enabled ? nextDue(input.schedule, new Date(now)).toISOString() : null
      },
      { replace: options.replace ?? false, now }
    )
    return Definition.view(saved)
  })

const found = <A, E, R>(name: string, lookup: Effect.Effect<Option.Option<A>, E, R>) =>
  Effect.flatMap(lookup, Option.match({ onNone: () => Effect.fail(new SyncNotFound({ name })), onSome: Effect.succeed }))

/** A stored definition, auth decrypted (for workers only). */
export const getStored = (name: string) => Effect.flatMap(SyncStore, (store) => found(name, store.get(name)))

/** A stored definition without its auth values (nothing decrypted: a wrong key does not hide it). */
export const getRecord = (name: string) => Effect.flatMap(SyncStore, (store) => found(name, store.record(name)))

/** A definition as answered. */
export const get = (name: string) => Effect.map(getRecord(name), Definition.view)

/** Every definition (of one tenant if given), by name. */
export const list = (filter: { readonly tenant?: string | undefined } = {}) =>
  Effect.flatMap(SyncStore, (store) => Effect.map(store.list(filter), (syncs) => syncs.map(Definition.view)))

/** Removes a definition; its history and checkpoint stay (adding it again resumes). */
export const remove = (name: string) =>
  Effect.flatMap(SyncStore, (store) => Effect.flatMap(store.remove(name), (removed) => (removed ? Effect.void : Effect.fail(new SyncNotFound({ name })))))

/** Asks for a run as soon as a worker's scheduler sees it (after the current run, if one is active). */
export const runNow = (name: string) =>
  Effect.gen(function* () {
    const store = yield* SyncStore
    const requested = yield* store.requestRun(name, yield* nowIso)
    if (!requested) return yield* new SyncNotFound({ name })
    return Definition.view(yield* getRecord(name))
  })

/** Live status: the definition, the active run, the last finished run and totals. */
export const status = (name: string) =>
  Effect.gen(function* () {
    const store = yield* SyncStore
    const sync = yield* getRecord(name)
    const recent = yield* store.runs(name, 20)
    const current = recent.find((r) => r.status === "queued" || r.status === "running") ?? null
    const last = recent.find((r) => r.status !== "queued" && r.status !== "running") ?? null
    const totals = yield* store.totals(name)
    return {
      sync: Definition.view(sync),
      current,
      last_run: last,
      runs_succeeded: totals.succeeded,
      runs_failed: totals.failed
    } satisfies Definition.SyncStatus
  })

/** Runs of a sync, newest first. */
export const history = (name: string, limit = 20) =>
  Effect.gen(function* () {
    const store = yield* SyncStore
    yield* getRecord(name)
    return yield* store.runs(name, limit)
  })

/** Encrypts every stored auth payload again with the current key; the number of definitions rewritten. */
export const rekey = Effect.flatMap(SyncStore, (store) => store.rekey)

/** Sets the cluster-wide limit of simultaneous runs of a concurrency class. */
export const setLimit = (limit: Definition.ClassLimit) => Effect.flatMap(SyncStore, (store) => Effect.as(store.setLimit(limit), limit))

/** The limits set (classes without one run at most `Definition.defaultMaxConcurrent` at a time). */
export const limits = Effect.flatMap(SyncStore, (store) => store.limits)

/** The checkpoint key of a sync: its name plus what makes its records (so a changed definition starts over). */
export const pipelineIdOf = (
  sync: Pick<Definition.SyncInput, "name" | "resource" | "origin" | "target" | "cursor_mode" | "where" | "having" | "formatter_id">
): string =>
  `sync:${sync.name}:${State.hash(
    JSON.stringify([sync.resource, sync.origin, sync.target, sync.cursor_mode, sync.where ?? [], sync.having ?? [], sync.formatter_id ?? ""])
  )}`

/** Parses a `class=n` limit flag value. */
export const parseLimit = (text: string): Either.Either<Definition.ClassLimit, InvalidInput> => {
  const match = /^([^=]+)=(\d+)$/.exec(text.trim())
  if (!match) return Either.left(new InvalidInput({ field: "limit", reason: `expected CLASS=N, got ${JSON.stringify(text)}` }))
  const max = Number(match[2])
  if (max < 1 || max > 1000) return Either.left(new InvalidInput({ field: "max_concurrent", reason: "must be between 1 and 1000" }))
  return Either.right({ concurrency_class: match[1]!, max_concurrent: max })
}

const localSchemes = ["sqlite:", "file:", "indeed:", "jsonld:"] as const

/**
 * A local-file URI (`file:`, `sqlite:`, feed targets) with its path made absolute against `cwd`:
 * workers run elsewhere, so a definition must not depend on the directory it was written from.
 */
export const absoluteUri = (uri: string, cwd: string = process.cwd()): string => {
  const scheme = localSchemes.find((s) => uri.startsWith(s))
  if (scheme === undefined) return uri
  const [raw = "", query] = uri.slice(scheme.length).split(/\?(.*)/s, 2)
  const path = raw.replace(/^\/\/(?=\/)|^\/\//, "")
  if (path === "" || path === ":memory:" || isAbsolute(path)) return uri
  return `${scheme}${resolve(cwd, path)}${query !== undefined && query !== "" ? `?${query}` : ""}`
}
