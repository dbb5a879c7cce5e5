import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as WarehouseA from "../../../src/connectors/warehouse_a/index.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Memory from "../../../src/testing/Memory.js"
import * as Fake from "../../fakes/WarehouseA.js"

const at = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()

describe("pull stats", () => {
  it.scopedLive("report the origin's requests, retries and the time waited on a 429's Retry-After", () =>
    Effect.gen(function* () {
      const jobs = Array.from({ length: 25 }, (_, i) => ({
        job_id: `job-${i}`,
        title: "Engineer",
        board_key: "board-1",
        status: "open",
        created_at: at(i),
        updated_at: at(i)
      }))
      const fake = yield* Fake.start({ apiKey: "key", jobs })
      fake.rateLimit(1, 1)
      const origin = yield* WarehouseA.make({ base_url: fake.url, api_key: Redacted.make("key") })
      const target = Memory.make({ name: "target", schemas: origin.schemas })
      const result = yield* Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.make("updated_at"), batchSize: 10, formatter: (r) => r })
      expect(result.stats.written).toBe(25)
      expect(result.stats.retries).toBe(1)
      expect(result.stats.waited_ms).toBeGreaterThanOrEqual(1000)
      expect(result.stats.requests).toBeGreaterThanOrEqual(3)
    })
  )
})
