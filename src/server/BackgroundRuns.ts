/**
 * Background runs: a pull or push started by `POST /api/runs` runs in a fiber owned by the server
 * (not by the request), so it survives the client disconnecting; its state is a SubscriptionRef that
 * the status route reads and the Server-Sent Events route streams. Finished runs are kept in memory
 * (the most recent `maxRuns`, each with at most `maxErrors` of its record errors) and lost when the
 * server stops. Run slots cap how many runs one server does at once.
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FiberMap from "effect/FiberMap"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"
import { randomUUID } from "node:crypto"
import type { RunKind, RunSnapshot } from "./Wire.js"
import type * as Errors from "./Errors.js"

/** Progress a run reports while it works. */
export interface Progress {
  readonly counters: Readonly<Record<string, number>>
  readonly batches: number
  readonly cursor?: unknown
}

/** The work of a run: given a progress reporter, produces the result or an error response. */
export type Job<R> = (report: (progress: Progress) => Effect.Effect<void>) => Effect.Effect<unknown, Errors.ApiError, R>

/** The background runs service. */
export interface Service {
  /** Starts a run in a server-owned fiber; answers its id at once. */
  readonly start: <R>(kind: RunKind, job: Job<R>) => Effect.Effect<string, never, R>
  /** The current state of a run. */
  readonly get: (id: string) => Effect.Effect<Option.Option<RunSnapshot>>
  /** The run's state now and after every change, ending with its final state. */
  readonly changes: (id: string) => Option.Option<Stream.Stream<RunSnapshot>>
}

/** The background runs service tag. */
export class BackgroundRuns extends Context.Tag("hrtech-etl/server/BackgroundRuns")<BackgroundRuns, Service>() {}

/** A permit to run, freed once. */
export interface Slot {
  readonly release: () => void
}

/** The run permits of one server. */
export interface RunSlots {
  readonly max: number
  /** A free permit, or undefined when `max` are taken. */
  readonly tryTake: () => Slot | undefined
  readonly inUse: () => number
}

/** Permits for at most `max` runs at once. */
export const makeSlots = (max: number): RunSlots => {
  let inUse = 0
  return {
    max,
    tryTake: () => {
      if (inUse >= max) return undefined
      inUse++
      let released = false
      return {
        release: () => {
          if (released) return
          released = true
          inUse--
        }
      }
    },
    inUse: () => inUse
  }
}

/** The slot the request gate took for a run request: freed with the answer unless a background run adopts it. */
export interface Held {
  /** Hands the slot to the caller, who frees it; the gate then leaves it alone. */
  readonly adopt: () => Slot
  readonly releaseUnlessAdopted: () => void
}

/** The held slot of the current request (absent outside the server's gate). */
export class HeldSlot extends Context.Tag("hrtech-etl/server/HeldSlot")<HeldSlot, Held>() {}

/** Wraps a slot the gate took. */
export const holdSlot = (slot: Slot): Held => {
  let adopted = false
  return {
    adopt: () => {
      adopted = true
      return slot
    },
    releaseUnlessAdopted: () => {
      if (!adopted) slot.release()
    }
  }
}

/** Longest error message kept in a snapshot (a vendor may echo a whole record). */
const maxMessageLength = 2_000

const boundMessages = (errors: ReadonlyArray<unknown>): Array<unknown> =>
  errors.map((e) => {
    const message = (e as { readonly message?: unknown } | null)?.message
    return typeof message === "string" && message.length > maxMessageLength ? { ...(e as object), message: `${message.slice(0, maxMessageLength)}…` } : e
  })

/**
 * A result or error body whose `errors` lists (at the top, or in `stats`) keep their first `max`
 * entries; `errors_total` then counts them all. Keeps a finished run's snapshot small.
 */
export const boundErrors = <A>(value: A, max: number): A => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  const errors = out.errors
  if (Array.isArray(errors)) {
    out.errors = boundMessages(errors.slice(0, max))
    if (errors.length > max && typeof out.errors_total !== "number") out.errors_total = errors.length
  }
  if (out.stats !== undefined) out.stats = boundErrors(out.stats, max)
  return out as A
}

/** The numeric fields of a stats or result object: the counters shown while and after running. */
export const countersOf = (value: unknown): Record<string, number> => {
  const out: Record<string, number> = {}
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (typeof v === "number") out[k] = v
  }
  return out
}

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

const errorOfCause = (cause: Cause.Cause<Errors.ApiError>): Errors.ErrorBody => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) return failure.value.error
  if (Cause.isInterruptedOnly(cause)) return { code: "interrupted", message: "the run was interrupted (server stopping)" }
  return { code: "internal_error", message: "internal error" }
}

/** Options of the service. */
export interface Options {
  /** Finished runs kept (default 200). */
  readonly maxRuns?: number
  /** Record errors kept per finished run (default 20; `errors_total` counts them all). */
  readonly maxErrors?: number
}

/** Builds the service; runs still going when the scope closes are interrupted. */
export const make = (options: Options = {}): Effect.Effect<Service, never, Scope.Scope> =>
  Effect.gen(function* () {
    const maxRuns = Math.max(1, options.maxRuns ?? 200)
    const maxErrors = Math.max(0, options.maxErrors ?? 20)
    const fibers = yield* FiberMap.make<string>()
    const runs = new Map<string, SubscriptionRef.SubscriptionRef<RunSnapshot>>()

    // Forget the oldest finished runs beyond the limit; running ones are always kept.
    const evict = Effect.gen(function* () {
      if (runs.size <= maxRuns) return
      for (const [id, ref] of runs) {
        if (runs.size <= maxRuns) break
        const state = yield* SubscriptionRef.get(ref)
        if (state.status !== "running") runs.delete(id)
      }
    })

    const start = <R>(kind: RunKind, job: Job<R>) =>
      Effect.gen(function* () {
        const held = yield* Effect.serviceOption(HeldSlot)
        const slot = Option.map(held, (h) => h.adopt())
        const id = `run_${randomUUID()}`
        const ref = yield* SubscriptionRef.make<RunSnapshot>({
          run_id: id,
          kind,
          status: "running",
          started_at: yield* now,
          counters: {},
          batches: 0
        })
        runs.set(id, ref)
        yield* evict
        const report = (progress: Progress) =>
          SubscriptionRef.update(ref, (s) => ({
            ...s,
            counters: { ...progress.counters },
            batches: progress.batches,
            ...(progress.cursor !== undefined ? { cursor: progress.cursor } : {})
          }))
        const finished = (patch: Partial<RunSnapshot>) => Effect.flatMap(now, (at) => SubscriptionRef.update(ref, (s) => ({ ...s, ...patch, finished_at: at })))
        const work = job(report).pipe(
          Effect.matchCauseEffect({
            onSuccess: (result) => {
              const stats = (result as { readonly stats?: unknown }).stats
              const cursor = (result as { readonly cursor?: unknown }).cursor
              return finished({
                status: "succeeded",
                result: boundErrors(result, maxErrors),
                counters: countersOf(stats ?? result),
                ...(cursor !== undefined ? { cursor } : {})
              })
            },
            onFailure: (cause) => {
              const error = boundErrors(errorOfCause(cause), maxErrors)
              return finished({ status: "failed", error, ...(error.cursor !== undefined ? { cursor: error.cursor } : {}) })
            }
          }),
          Effect.ensuring(Effect.sync(() => Option.map(slot, (s) => s.release())))
        )
        yield* FiberMap.run(fibers, id, work)
        return id
      })

    return {
      start,
      get: (id) => {
        const ref = runs.get(id)
        return ref ? Effect.map(SubscriptionRef.get(ref), Option.some) : Effect.succeed(Option.none())
      },
      changes: (id) => {
        const ref = runs.get(id)
        return ref === undefined ? Option.none() : Option.some(ref.changes.pipe(Stream.takeUntil((s) => s.status !== "running")))
      }
    } satisfies Service
  })

/** A layer of the service, scoped to the server's lifetime. */
export const layer = (options: Options = {}): Layer.Layer<BackgroundRuns> => Layer.scoped(BackgroundRuns, make(options))
