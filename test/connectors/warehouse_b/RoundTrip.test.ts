import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as WarehouseB from "../../../src/connectors/warehouse_b/index.js"
import type * as Unified from "../../../src/core/Unified.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import * as Wire from "../../testing/Wire.js"

// No request is made: the round trip only maps.
const connector = WarehouseB.make({ base_url: "http://127.0.0.1:9", token: Redacted.make("token-b") })

/** What B requires of every record: both timestamps. */
const timestamps = <A extends Unified.UnifiedRecord>(record: A): A => {
  const at = record.updated_at ?? record.created_at ?? "2024-01-01T00:00:00.000Z"
  return { ...record, created_at: record.created_at ?? at, updated_at: record.updated_at ?? at }
}

/** B's tags are `name:value` text: a name cannot hold a `:`. */
const bTags = (tags: ReadonlyArray<Unified.Item> | undefined) => tags?.map((tag) => ({ ...tag, name: tag.name.replaceAll(":", "") }))

/** B's JSON leaves empty values out: null and absent are the same to it. */
const equivalent = (_path: string, expected: unknown, actual: unknown) =>
  RoundTrip.sameValue(Wire.withoutNulls(expected), Wire.withoutNulls(actual)) ||
  [expected, actual].every((value) => value == null || (Array.isArray(value) && value.every((v) => v == null)))

describe("warehouse_b unified round trip", () => {
  it.scoped("a job keeps every field B has: name, text, tags, first department, status, city, country, remote, salary, url, timestamps", () =>
    Effect.gen(function* () {
      const found = RoundTrip.check({
        connector: yield* connector,
        resource: "job",
        holds: [
          "id",
          "name",
          "text",
          "tags",
          "departments.name",
          "status",
          "location.city",
          "location.country",
          "remote",
          "salary.min",
          "salary.max",
          "salary.currency",
          "url",
          "created_at",
          "updated_at"
        ],
        prepare: (record) => {
          const job = timestamps(Wire.json(record as Unified.UnifiedJob))
          // One category: only the first department's name.
          const first = job.departments?.[0]
          return { ...job, tags: bTags(job.tags), departments: first === undefined ? [] : [{ name: first.name }] }
        },
        equivalent
      })
      expect(found).toBeUndefined()
    })
  )

  it.scoped("a profile keeps every field B has: name, email, headline, tags, stage, timestamps", () =>
    Effect.gen(function* () {
      const found = RoundTrip.check({
        connector: yield* connector,
        resource: "profile",
        holds: ["id", "info.full_name", "info.email", "info.headline", "tags", "stage", "created_at", "updated_at"],
        // A candidate in B always has a name.
        prepare: (record) => {
          const profile = timestamps(Wire.json(record as Unified.UnifiedProfile))
          return { ...profile, tags: bTags(profile.tags), info: { ...profile.info, full_name: profile.info?.full_name ?? profile.id } }
        },
        equivalent
      })
      expect(found).toBeUndefined()
    })
  )
})
