/**
 * Size limits on what a request may ask the server to produce. A mapping is data, but a long `join`
 * separator or literal is copied into every record written: a 1 MB request could make gigabytes.
 * The limits here are far above any real mapping.
 */
import * as Either from "effect/Either"
import { InvalidInput } from "../core/Errors.js"
import type * as State from "../core/State.js"

/** Longest `separator` of a mapping rule (`join`, `split`). */
export const maxSeparatorLength = 64

/** Longest literal (`default`) of a mapping rule, as JSON text. */
export const maxLiteralLength = 4_096

/** Longest field path (`from`, `to`) of a mapping rule. */
export const maxPathLength = 512

/** Most rules in one mapping. */
export const maxRules = 1_000

/** Checks a mapping against the limits; the error names `<field>[i].separator` and the like. */
export const checkMapping = (mapping: ReadonlyArray<State.MappingRule> | undefined, field = "mapping"): Either.Either<void, InvalidInput> => {
  if (mapping === undefined) return Either.void
  const fail = (at: string, reason: string) => Either.left(new InvalidInput({ field: at, reason }))
  if (mapping.length > maxRules) return fail(field, `at most ${maxRules} rules, got ${mapping.length}`)
  for (let i = 0; i < mapping.length; i++) {
    const rule = mapping[i]!
    const at = `${field}[${i}]`
    if (rule.separator !== undefined && rule.separator.length > maxSeparatorLength) {
      return fail(`${at}.separator`, `at most ${maxSeparatorLength} characters, got ${rule.separator.length}`)
    }
    for (const key of ["from", "to"] as const) {
      const path = rule[key]
      if (path !== undefined && path.length > maxPathLength) return fail(`${at}.${key}`, `at most ${maxPathLength} characters, got ${path.length}`)
    }
    if (rule.default !== undefined) {
      const length = JSON.stringify(rule.default)?.length ?? 0
      if (length > maxLiteralLength) return fail(`${at}.default`, `at most ${maxLiteralLength} characters of JSON, got ${length}`)
    }
  }
  return Either.void
}
