/**
 * Bounded retries: exponential backoff with jitter, or exactly the wait the vendor asked for
 * (`Retry-After`, reset headers, capped), within a maximum attempt count and a maximum total time.
 * Waits use `Effect.sleep` and `Clock`, so the TestClock drives them in tests.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"

/** A retry policy. */
export interface Policy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number
  /** No retry starts if its wait would end later than this after the first attempt began. */
  readonly maxElapsed: Duration.Duration
  /** Wait before the first retry; doubles on each retry. */
  readonly baseDelay: Duration.Duration
  /** Cap of a backoff wait. */
  readonly maxDelay: Duration.Duration
  /** Cap of a vendor-requested wait (`Retry-After`, reset headers). */
  readonly maxRetryAfter: Duration.Duration
  /** Randomise backoff waits within [half, full] so clients do not retry in lockstep. */
  readonly jitter: boolean
}

/** Policy settings; omitted ones take the defaults. */
export interface Options {
  readonly maxAttempts?: number
  readonly maxElapsed?: Duration.DurationInput
  readonly baseDelay?: Duration.DurationInput
  readonly maxDelay?: Duration.DurationInput
  readonly maxRetryAfter?: Duration.DurationInput
  readonly jitter?: boolean
}

/** Defaults: 5 attempts within 2 minutes, 500 ms doubling up to 30 s, vendor waits capped at 60 s. */
export const defaults: Policy = {
  maxAttempts: 5,
  maxElapsed: Duration.minutes(2),
  baseDelay: Duration.millis(500),
  maxDelay: Duration.seconds(30),
  maxRetryAfter: Duration.seconds(60),
  jitter: true
}

/** Builds a policy from options over the defaults. */
export const policy = (options: Options = {}): Policy => ({
  maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? defaults.maxAttempts)),
  maxElapsed: options.maxElapsed === undefined ? defaults.maxElapsed : Duration.decode(options.maxElapsed),
  baseDelay: options.baseDelay === undefined ? defaults.baseDelay : Duration.decode(options.baseDelay),
  maxDelay: options.maxDelay === undefined ? defaults.maxDelay : Duration.decode(options.maxDelay),
  maxRetryAfter: options.maxRetryAfter === undefined ? defaults.maxRetryAfter : Duration.decode(options.maxRetryAfter),
  jitter: options.jitter ?? defaults.jitter
})

/** Statuses worth retrying: request timeout, too many requests, and server errors. */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500

/** The range a backoff wait falls in before the `retry`-th retry (0-based): [half, full] with jitter. */
export const backoffBounds = (self: Policy, retry: number): { readonly min: number; readonly max: number } => {
  const full = Math.min(Duration.toMillis(self.maxDelay), Duration.toMillis(self.baseDelay) * 2 ** retry)
  return self.jitter ? { min: Math.ceil(full / 2), max: full } : { min: full, max: full }
}

/** The backoff wait in ms before the `retry`-th retry (0-based). */
export const backoff = (self: Policy, retry: number): Effect.Effect<number> => {
  const { max, min } = backoffBounds(self, retry)
  return min === max ? Effect.succeed(max) : Effect.map(Random.next, (u) => Math.round(min + (max - min) * u))
}

/** How the retry budget ran out. */
export interface Exhausted {
  readonly attempts: number
  readonly elapsedMs: number
  /** `attempts`: the count was used up; `time`: the next wait would pass `maxElapsed`. */
  readonly by: "attempts" | "time"
}

/** The result of one attempt. */
export type Outcome<A, E> =
  | { readonly _tag: "Done"; readonly value: A }
  | { readonly _tag: "Fail"; readonly error: E }
  | {
      readonly _tag: "Retry"
      /** The wait the vendor asked for, when it did. */
      readonly waitMs: Option.Option<number>
      /** The error to fail with when the budget is spent. */
      readonly exhausted: (budget: Exhausted) => E
    }

/** A successful attempt. */
export const done = <A>(value: A): Outcome<A, never> => ({ _tag: "Done", value })

/** A failure not worth retrying. */
export const fail = <E>(error: E): Outcome<never, E> => ({ _tag: "Fail", error })

/** A failure worth retrying, after the vendor's requested wait if any. */
export const retry = <E>(waitMs: Option.Option<number>, exhausted: (budget: Exhausted) => E): Outcome<never, E> => ({
  _tag: "Retry",
  waitMs,
  exhausted
})

/** Hooks called around each retry wait. */
export interface Hooks {
  /** Called just before sleeping `waitMs` ahead of attempt number `attempt` (2 for the first retry). */
  readonly onRetry?: (waitMs: number, attempt: number) => Effect.Effect<void>
}

/** Runs `attempt` until it is done, fails for good, or the policy's budget is spent. */
export const run = <A, E, R>(self: Policy, attempt: Effect.Effect<Outcome<A, E>, never, R>, hooks: Hooks = {}): Effect.Effect<A, E, R> =>
  Effect.gen(function* () {
    const started = yield* Clock.currentTimeMillis
    const maxElapsedMs = Duration.toMillis(self.maxElapsed)
    for (let attempts = 1; ; attempts++) {
      const outcome = yield* attempt
      if (outcome._tag === "Done") return outcome.value
      if (outcome._tag === "Fail") return yield* Effect.fail(outcome.error)
      const elapsedMs = (yield* Clock.currentTimeMillis) - started
      if (attempts >= self.maxAttempts) return yield* Effect.fail(outcome.exhausted({ attempts, elapsedMs, by: "attempts" }))
      const waitMs = Option.isSome(outcome.waitMs) ? Math.min(outcome.waitMs.value, Duration.toMillis(self.maxRetryAfter)) : yield* backoff(self, attempts - 1)
      if (elapsedMs + waitMs > maxElapsedMs) return yield* Effect.fail(outcome.exhausted({ attempts, elapsedMs, by: "time" }))
      if (hooks.onRetry) yield* hooks.onRetry(waitMs, attempts + 1)
      if (waitMs > 0) yield* Effect.sleep(Duration.millis(waitMs))
    }
  })
