/**
 * How long a vendor asked us to wait: `Retry-After` (delta-seconds or HTTP-date) and the rate-limit
 * reset headers (`X-RateLimit-Reset`, `X-Rate-Limit-Reset`, `RateLimit-Reset`).
 */
import * as Option from "effect/Option"

/** Reset header names, in the order they are consulted. */
export const resetHeaders = ["x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset"] as const

/** Reset values at or above this are epoch seconds (Sep 2001), not a delay. */
const epochSecondsThreshold = 1_000_000_000
/** Reset values at or above this are epoch milliseconds. */
const epochMillisThreshold = 1_000_000_000_000

const delta = (ms: number): number => Math.max(0, Math.ceil(ms))

/** Parses a `Retry-After` value into a wait in ms from `nowMs`: delta-seconds or an HTTP-date. */
export const parseRetryAfter = (value: string, nowMs: number): Option.Option<number> => {
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Option.some(delta(Number(trimmed) * 1000))
  // HTTP-dates always name a weekday or month; a bare number or garbage must not parse as a date.
  if (!/[a-z]/i.test(trimmed)) return Option.none()
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? Option.none() : Option.some(delta(at - nowMs))
}

/**
 * Parses a rate-limit reset value into a wait in ms from `nowMs`. Vendors send either seconds from
 * now or an epoch timestamp; values past 10^9 are taken as epoch seconds (past 10^12, epoch ms).
 */
export const parseReset = (value: string, nowMs: number): Option.Option<number> => {
  const trimmed = value.trim()
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return Option.none()
  const n = Number(trimmed)
  if (n >= epochMillisThreshold) return Option.some(delta(n - nowMs))
  if (n >= epochSecondsThreshold) return Option.some(delta(n * 1000 - nowMs))
  return Option.some(delta(n * 1000))
}

/**
 * The wait a response asks for: `Retry-After` on any status; the reset headers only on a 429 (on
 * other statuses they describe the quota window, not a request to wait).
 */
export const fromHeaders = (headers: Readonly<Record<string, string | undefined>>, status: number, nowMs: number): Option.Option<number> => {
  const retryAfter = headers["retry-after"]
  if (retryAfter !== undefined) {
    const parsed = parseRetryAfter(retryAfter, nowMs)
    if (Option.isSome(parsed)) return parsed
  }
  if (status !== 429) return Option.none()
  for (const name of resetHeaders) {
    const value = headers[name]
    if (value === undefined) continue
    const parsed = parseReset(value, nowMs)
    if (Option.isSome(parsed)) return parsed
  }
  return Option.none()
}
