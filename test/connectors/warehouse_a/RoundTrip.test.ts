import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as WarehouseA from "../../../src/connectors/warehouse_a/index.js"
import type * as Unified from "../../../src/core/Unified.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import * as Wire from "../../testing/Wire.js"

// No request is made: the round trip only maps.
const connector = WarehouseA.make({ base_url: "http://127.0.0.1:9", api_key: Redacted.make("key-a") })

/** What A requires of every record: both timestamps. */
const timestamps = <A extends Unified.UnifiedRecord>(record: A): A => {
  const at = record.updated_at ?? record.created_at ?? "2024-01-01T00:00:00.000Z"
  return { ...record, created_at: record.created_at ?? at, updated_at: record.updated_at ?? at }
}

describe("warehouse_a unified round trip", () => {
  it.scoped("a job keeps every field A has: name, text, board_key, status, skills, location text, remote, salary, url, timestamps", () =>
    Effect.gen(function* () {
      const found = RoundTrip.check({
        connector: yield* connector,
        resource: "job",
        holds: [
          "id",
          "name",
          "text",
          "board_key",
          "status",
          "skills.name",
          "location.text",
          "remote",
          "salary.min",
          "salary.max",
          "salary.currency",
          "url",
          "created_at",
          "updated_at"
        ],
        // A job in A always has a board and a status.
        prepare: (record) => {
          const job = timestamps(Wire.json(record as Unified.UnifiedJob))
          return { ...job, board_key: job.board_key ?? WarehouseA.Mapping.defaultBoardKey, status: job.status ?? "open" }
        }
      })
      expect(found).toBeUndefined()
    })
  )

  it.scoped("a profile keeps every field A has: name, email, phone, headline, summary, location text, skills, tags, source_key, timestamps", () =>
    Effect.gen(function* () {
      const found = RoundTrip.check({
        connector: yield* connector,
        resource: "profile",
        holds: [
          "id",
          "source_key",
          "info.full_name",
          "info.email",
          "info.phone",
          "info.headline",
          "info.summary",
          "info.location.text",
          "skills.name",
          "tags.name",
          "created_at",
          "updated_at"
        ],
        // A profile in A always has a name and a source.
        prepare: (record) => {
          const profile = timestamps(Wire.json(record as Unified.UnifiedProfile))
          return {
            ...profile,
            source_key: profile.source_key ?? WarehouseA.Mapping.defaultSourceKey,
            info: { ...profile.info, full_name: profile.info?.full_name ?? profile.id }
          }
        }
      })
      expect(found).toBeUndefined()
    })
  )

  it.scoped("the property finds a field the mapping drops", () =>
    Effect.gen(function* () {
      const found = RoundTrip.check({
        connector: yield* connector,
        resource: "job",
        holds: ["name", "culture"],
        prepare: (record) => timestamps(Wire.json(record))
      })
      expect(found?.path).toBe("culture")
    })
  )
})
