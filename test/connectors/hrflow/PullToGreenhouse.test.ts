import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Greenhouse from "../../../src/connectors/greenhouse/index.js"
import * as HrFlow from "../../../src/connectors/hrflow/index.js"
import * as FakeGreenhouse from "../../fakes/Greenhouse.js"
import * as FakeHrFlow from "../../fakes/HrFlow.js"
import { configFor as greenhouseConfig, job } from "../greenhouse/Fixtures.js"
import { configFor as hrflowConfig, profile } from "./Fixtures.js"

const at = (second: number) => new Date(Date.UTC(2024, 0, 1) + second * 1000).toISOString()

/** HrFlow profiles → Greenhouse candidates, both on fakes, with no formatter (the unified path). */
const setup = (profiles: ReadonlyArray<unknown>) =>
  Effect.gen(function* () {
    const hrflowFake = yield* FakeHrFlow.make()
    hrflowFake.seed("profile", profiles)
    const greenhouseFake = yield* FakeGreenhouse.make()
    greenhouseFake.seed("job", [job(1, at(0))])
    const origin = yield* HrFlow.make(hrflowConfig(hrflowFake))
    const target = yield* Greenhouse.make(greenhouseConfig(greenhouseFake, { job_id: 4001 }))
    const pull = (cursor: Cursor.Cursor) => Pipeline.pull({ resource: "profile", origin, target, cursor, batchSize: 5 })
    return { hrflowFake, greenhouseFake, pull }
  })

describe("pull HrFlow.ai profiles → Greenhouse candidates, no formatter", () => {
  it.scopedLive("creates candidates, then an incremental run edits the changed ones instead of duplicating them", () =>
    Effect.gen(function* () {
      const { greenhouseFake, hrflowFake, pull } = yield* setup(Array.from({ length: 12 }, (_, i) => profile(i, at(i))))

      const first = yield* pull(Cursor.make("updated_at"))
      expect(first.stats).toMatchObject({ read: 12, written: 12, created: 12, failed: 0 })
      expect(Cursor.compareValues(first.cursor.end!, at(11))).toBe(0)
      const candidates = [...greenhouseFake.store.profile.values()]
      expect(candidates.length).toBe(12)
      expect(candidates.find((c) => c.last_name === "Lovelace 3")).toMatchObject({
        first_name: "Ada",
        last_name: "Lovelace 3",
        email_addresses: [{ value: "ada.3@example.com", type: "personal" }],
        phone_numbers: [{ value: "+33 6 00 00 00 00", type: "mobile" }],
        social_media_addresses: [{ value: "https://linkedin.example/ada-3" }],
        addresses: [{ value: "London", type: "home" }]
      })
      // v3 applies a new candidate to the configured job with a separate application.
      const ada = candidates.find((c) => c.last_name === "Lovelace 3")!
      expect([...greenhouseFake.related.applications.values()].filter((a) => a.candidate_id === ada.id).map((a) => a.job_id)).toEqual([4001])
      expect(greenhouseFake.writes.every((w) => w.method === "POST" && w.onBehalfOf === "4080")).toBe(true)

      hrflowFake.update("profile", profile(4, at(0)).key, { info: { ...profile(4, at(0)).info, last_name: "King" } })
      hrflowFake.update("profile", profile(9, at(0)).key, { info: { ...profile(9, at(0)).info, first_name: "Augusta" } })
      yield* hrflowFake.clearRequests
      const second = yield* pull(Cursor.resumeFrom(first.cursor))
      expect(second.stats).toMatchObject({ written: 2, created: 0, updated: 2, failed: 0 })
      expect(greenhouseFake.store.profile.size).toBe(12)
      expect([...greenhouseFake.store.profile.values()].filter((c) => c.last_name === "King" || c.first_name === "Augusta").length).toBe(2)
      // Newest first: the changed profiles and the boundary fit one page, so one list request.
      expect((yield* hrflowFake.requests).filter((r) => r.path === "/v1/storing/profiles").length).toBe(1)

      const third = yield* pull(Cursor.resumeFrom(second.cursor))
      expect(third.stats.written).toBe(0)
    })
  )

  it.scopedLive("a profile Greenhouse rejects is a failed record with Greenhouse's reason; the others are written", () =>
    Effect.gen(function* () {
      const nameless = { ...profile(2, at(2)), info: { email: "anonymous@example.com" } }
      const { greenhouseFake, pull } = yield* setup([profile(1, at(1)), nameless, profile(3, at(3))])
      const result = yield* pull(Cursor.make("updated_at"))
      expect(result.stats).toMatchObject({ read: 3, written: 2, failed: 1 })
      expect(result.stats.errors).toEqual([{ id: nameless.key, stage: "write", message: expect.stringContaining("first_name") }])
      expect(greenhouseFake.store.profile.size).toBe(2)
      // The failed record's position is where the next run resumes.
      expect(Cursor.compareValues(result.cursor.end!, at(2))).toBe(0)
    })
  )
})
