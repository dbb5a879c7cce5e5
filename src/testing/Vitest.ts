/**
 * Registers the conformance suite as vitest tests (requires `@effect/vitest` and `vitest`).
 */
import { describe, it } from "@effect/vitest"
import * as Conformance from "./Conformance.js"

/** Declares one `it.scopedLive` test per conformance check, in a `describe` named after the connector. */
export const describeConformance = (config: Conformance.Config): void => {
  describe(`conformance: ${config.name} (${config.resource})`, () => {
    for (const check of Conformance.checks(config)) it.scopedLive(check.name, () => check.run)
  })
}
