/**
 * A proactive per-connector rate limiter built on `effect/RateLimiter`, configured from the vendor's
 * documented limit (e.g. Workable: 10 requests per 10 seconds).
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as RateLimiter from "effect/RateLimiter"
import type * as Scope from "effect/Scope"
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
