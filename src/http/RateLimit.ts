/**
 * A proactive rate limiter built on `effect/RateLimiter`, configured from the vendor's documented
 * limit (e.g. Workable: 10 requests per 10 seconds), and shared by every client of one vendor
 * account in the process: the vendor counts per account, not per run.
 */
import { createHash } from "node:crypto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as RateLimiter from "effect/RateLimiter"
import * as Scope from "effect/Scope"
import { ConfigError } from "../core/ConnectorError.js"

/** A documented limit: at most `limit` requests in any `interval`. */
export interface Config {
  readonly limit: number
  readonly interval: Duration.DurationInput
}

/**
 * Builds a limiter that starts at most `limit` requests in every window of length `interval`,
 * wherever the window falls. Requests are spaced `interval / limit` apart (a token bucket holding
 * one token): vendors count in windows we cannot see, and a burst bucket of `limit` tokens lets
 * close to twice the limit through one window straddling the refill, and a fixed window does the
 * same across its edge.
 */
export const make = (connector: string, config: Config): Effect.Effect<RateLimiter.RateLimiter, ConfigError, Scope.Scope> => {
  const intervalMs = Duration.toMillis(Duration.decode(config.interval))
  if (!Number.isInteger(config.limit) || config.limit < 1) {
    return Effect.fail(new ConfigError({ connector, field: "rate_limit.limit", reason: `must be a positive integer, got ${config.limit}` }))
  }
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    return Effect.fail(new ConfigError({ connector, field: "rate_limit.interval", reason: "must be a positive duration" }))
  }
  return RateLimiter.make({ limit: 1, interval: Duration.millis(intervalMs / config.limit), algorithm: "token-bucket" })
}

/**
 * The key of a vendor account: connector, API origin and a digest of the credentials (never the
 * credentials themselves), plus the limit, so that one account's runs share one limiter.
 */
export const accountKey = (connector: string, origin: string, secrets: ReadonlyArray<string>, config: Config): string => {
  const digest = createHash("sha256")
    .update(JSON.stringify([...secrets].sort()))
    .digest("hex")
    .slice(0, 32)
  return `${connector}|${origin}|${digest}|${config.limit}/${Duration.toMillis(Duration.decode(config.interval))}`
}

interface Shared {
  readonly limiter: RateLimiter.RateLimiter
  readonly scope: Scope.CloseableScope
  users: number
}

const sharedLimiters = new Map<string, Shared>()
const sharedLock = Effect.unsafeMakeSemaphore(1)

/** How many account limiters are in use (for tests). */
export const sharedCount = (): number => sharedLimiters.size

/**
 * The limiter of an account (`accountKey`), shared with every other holder in the process: built by
 * the first, released when the last holder's scope closes.
 */
export const shared = (key: string, connector: string, config: Config): Effect.Effect<RateLimiter.RateLimiter, ConfigError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      sharedLock.withPermits(1)(
        Effect.gen(function* () {
          const existing = sharedLimiters.get(key)
          if (existing !== undefined) {
            existing.users++
            return existing
          }
          const scope = yield* Scope.make()
          const limiter = yield* Effect.onError(Scope.extend(make(connector, config), scope), () => Scope.close(scope, Exit.void))
          const entry: Shared = { limiter, scope, users: 1 }
          sharedLimiters.set(key, entry)
          return entry
        })
      ),
      (entry) =>
        sharedLock.withPermits(1)(
          Effect.suspend(() => {
            entry.users--
            if (entry.users > 0) return Effect.void
            sharedLimiters.delete(key)
            return Scope.close(entry.scope, Exit.void)
          })
        )
    ),
    (entry) => entry.limiter
  )
