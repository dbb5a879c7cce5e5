import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as AsyncConnector from "../../../examples/async-connector.js"
import * as PullWarehouse from "../../../examples/pull-warehouse.js"
import * as FakeA from "../../fakes/WarehouseA.js"
import * as FakeB from "../../fakes/WarehouseB.js"

const seed = Array.from({ length: 40 }, (_, i) => ({
  job_id: `job-${String(i).padStart(2, "0")}`,
  title: ["Data Engineer", "Recruiter", "Platform engineer", "Nurse"][i % 4]!,
  description: i % 5 === 0 ? "Works with engineers" : "Team role",
  skills: ["python"],
  board_key: `board-${i % 3}`,
  status: "open",
  salary_min: i % 2 === 0 ? 60000 : 40000,
  created_at: i < 5 ? `2023-12-${String(20 + i).padStart(2, "0")}T00:00:00Z` : `2024-02-${String((i % 28) + 1).padStart(2, "0")}T00:00:00Z`,
  updated_at: `2024-03-01T00:00:${String(i).padStart(2, "0")}Z`
}))

describe("examples", () => {
  it.scopedLive("pull-warehouse: the README program moves the expected jobs from warehouse_a to warehouse_b", () =>
    Effect.gen(function* () {
      const fakeA = yield* FakeA.start({ apiKey: "key-a", jobs: seed })
      const fakeB = yield* FakeB.start({ token: "token-b" })
      const env = ConfigProvider.fromMap(
        new Map([
          ["HRTECH_ETL_WAREHOUSE_A_BASE_URL", fakeA.url],
          ["HRTECH_ETL_WAREHOUSE_A_API_KEY", "key-a"],
          ["HRTECH_ETL_WAREHOUSE_B_BASE_URL", fakeB.url],
          ["HRTECH_ETL_WAREHOUSE_B_TOKEN", "token-b"]
        ])
      )
      const { cursor, stats } = yield* PullWarehouse.program.pipe(Effect.withConfigProvider(env))
      // Keyword search is case-insensitive over title, description and skills.
      const expected = seed.filter(
        (j) =>
          [j.title, j.description].some((t) => t.toLowerCase().includes("engineer")) &&
          ["board-1", "board-2"].includes(j.board_key) &&
          j.created_at >= "2024-01-01" &&
          j.salary_min >= 50000
      )
      expect(expected.length).toBeGreaterThan(2)
      expect(stats.written).toBe(expected.length)
      expect([...fakeB.store.job.keys()].sort()).toEqual(expected.map((j) => j.job_id))
      expect(fakeB.store.job.get(expected[0]!.job_id)).toMatchObject({ name: expected[0]!.title, compensation: { min: 60000 } })
      expect(cursor.end).toBeDefined()
      const [request] = yield* fakeA.requests
      expect(request!.query).toMatchObject({
        keywords: "engineer",
        board_keys: '["board-1","board-2"]',
        created_at_min: "2024-01-01T00:00:00.000Z"
      })
      expect(request!.headers["x-tenant-id"]).toBe("tenant-123")
    })
  )

  it("async-connector: a Promise run, then a for-await resume that finds nothing new", async () => {
    const lines: Array<string> = []
    const { first, stored } = await AsyncConnector.main((line) => lines.push(line))
    expect(first.stats.read).toBe(25)
    expect(first.stats.written).toBe(13)
    expect(stored.size).toBe(13)
    expect(lines).toEqual([`first run: wrote 13, resume from ${first.cursor.end}`, "second run: 0 batches, wrote 0"])
  })
})
