/**
 * The unified round-trip property: any unified record, written into a connector's native shape and
 * read back, keeps every unified field that connector's native model can hold. Each connector lists
 * those fields (dotted paths); `check` draws records with `effect/Arbitrary` and returns the first
 * counterexample found, so a test can assert there is none.
 */
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import type * as Connector from "../core/Connector.js"
import * as Metadata from "../core/Metadata.js"
import * as Path from "../core/Path.js"
import type { Resource } from "../core/Resource.js"
import * as Unified from "../core/Unified.js"

/** What to check for one connector and resource. */
export interface Config {
  readonly connector: Connector.Connector
  readonly resource: Resource
  /** Unified paths (dotted; `skills.name` reads every element) the connector's native model holds. */
  readonly holds: ReadonlyArray<string>
  /**
   * Shapes a generated record into what the vendor can represent at all (e.g. numeric ids, a known
   * enum value) before it is written; the property is checked on the shaped record.
   */
  readonly prepare?: (record: Unified.UnifiedRecord) => Unified.UnifiedRecord
  /** Compares one path's values (default: equal JSON, instants compared as instants). */
  readonly equivalent?: (path: string, expected: unknown, actual: unknown) => boolean
  /** Records to draw (default 200). */
  readonly numRuns?: number
  /** Seed, for a reproducible run. */
  readonly seed?: number
}

/** A record whose round trip lost or changed a field. */
export interface Counterexample {
  readonly path: string
  readonly expected: unknown
  readonly actual: unknown
  readonly record: Unified.UnifiedRecord
}

const isInstantText = (value: unknown): value is string =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) && Metadata.parseInstant(value) !== undefined

/** JSON equality that compares date-time text as instants and ignores absent-versus-undefined keys. */
export const sameValue = (expected: unknown, actual: unknown): boolean => {
  if (isInstantText(expected) && isInstantText(actual)) return Metadata.parseInstant(expected) === Metadata.parseInstant(actual)
  if (Array.isArray(expected) || Array.isArray(actual)) {
    return Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length && expected.every((item, i) => sameValue(item, actual[i]))
  }
  if (typeof expected === "object" && expected !== null && typeof actual === "object" && actual !== null) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)])
    for (const key of keys) {
      if (!sameValue((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key])) return false
    }
    return true
  }
  return expected === actual
}

/** Absent, null, empty text and empty lists all mean "no value" to a vendor. */
const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === "" || (Array.isArray(value) && value.every(isEmpty))

const defaultEquivalent = (_path: string, expected: unknown, actual: unknown): boolean => (isEmpty(expected) && isEmpty(actual)) || sameValue(expected, actual)

const recordArbitrary = (resource: Resource): FastCheck.Arbitrary<Unified.UnifiedRecord> =>
  (resource === "job" ? Arbitrary.make(Unified.UnifiedJob) : Arbitrary.make(Unified.UnifiedProfile)).map((record) => {
    // A record from elsewhere: no origin payload to fall back on.
    const { origin: _origin, payload: _payload, ...rest } = record as Unified.UnifiedRecord
    return rest as Unified.UnifiedRecord
  })

/** Runs the property; `undefined` when every drawn record kept every held field. */
export const check = (config: Config): Counterexample | undefined => {
  const equivalent = config.equivalent ?? defaultEquivalent
  const readers = config.holds.map((path) => [path, Path.reader(path)] as const)
  // The last failure seen is the shrunk one.
  let found: Counterexample | undefined
  const details = FastCheck.check(
    FastCheck.property(recordArbitrary(config.resource), (generated) => {
      const record = Unified.complete(config.resource, config.prepare ? config.prepare(generated) : generated)
      const native = config.connector.fromUnified(config.resource, record)
      const back = config.connector.toUnified(config.resource, native)
      for (const [path, read] of readers) {
        const expected = read(record)
        const actual = read(back)
        if (!equivalent(path, expected, actual)) {
          found = { path, expected, actual, record }
          return false
        }
      }
      return true
    }),
    { numRuns: config.numRuns ?? 200, ...(config.seed !== undefined ? { seed: config.seed } : {}) }
  )
  return details.failed ? found : undefined
}
