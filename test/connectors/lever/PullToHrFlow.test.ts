import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as HrFlow from "../../../src/connectors/hrflow/index.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as FakeHrFlow from "../../fakes/HrFlow.js"
import * as FakeLever from "../../fakes/Lever.js"
import { configFor as hrflowConfig } from "../hrflow/Fixtures.js"
import { connectorFor, opportunity, posting } from "./Fixtures.js"

const base = Date.UTC(2024, 0, 1)

/** Lever → HrFlow.ai on their fakes, with no formatter: native → unified → native. */
describe("pull Lever → HrFlow.ai, no formatter", () => {
  it.scopedLive("postings become HrFlow jobs and opportunities HrFlow profiles; a second run writes nothing", () =>
    Effect.gen(function* () {
      const lever = yield* FakeLever.make()
      lever.seed(
        "job",
        Array.from({ length: 7 }, (_, i) => posting(i, base + i * 1000))
      )
      lever.seed(
        "profile",
        Array.from({ length: 5 }, (_, i) => opportunity(i, base + i * 1000))
      )
      const hrflow = yield* FakeHrFlow.make()
      const origin = yield* connectorFor(lever)
      const target = yield* HrFlow.make(hrflowConfig(hrflow))

      const jobs = yield* Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.make("updated_at"), batchSize: 3 })
      expect(jobs.stats).toMatchObject({ read: 7, written: 7, failed: 0 })
      const stored = [...hrflow.store.job.values()].map((s) => s.record as Record<string, unknown>)
      expect(stored).toHaveLength(7)
      const first = stored.find((j) => j.reference === "posting-0000")
      expect(first).toMatchObject({ name: "Engineer 0", reference: "posting-0000" })
      expect(String(first?.summary ?? "") + JSON.stringify(first?.sections ?? [])).toContain("Build things (0)")

      const profiles = yield* Pipeline.pull({ resource: "profile", origin, target, cursor: Cursor.make("updated_at"), batchSize: 2 })
      expect(profiles.stats).toMatchObject({ read: 5, written: 5, failed: 0 })
      const people = [...hrflow.store.profile.values()].map((s) => s.record as { reference?: string; info?: { email?: string } })
      expect(people.find((p) => p.reference === "opp-0003")?.info?.email).toBe("candidate3@example.com")

      const again = yield* Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.resumeFrom(jobs.cursor), batchSize: 3 })
      expect(again.stats.written).toBe(0)
      expect(hrflow.store.job.size).toBe(7)
    })
  )
})
