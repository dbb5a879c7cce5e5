/**
 * The unified path between the three connectors: pulls with no formatter (origin → unified → target)
 * against the fakes, checking what each target actually stored.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Ashby from "../../../src/connectors/ashby/index.js"
import * as Teamtailor from "../../../src/connectors/teamtailor/index.js"
import * as Workable from "../../../src/connectors/workable/index.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as AshbyFake from "../../fakes/Ashby.js"
import * as TeamtailorFake from "../../fakes/Teamtailor.js"
import * as WorkableFake from "../../fakes/Workable.js"

const retry = { maxAttempts: 2, baseDelay: "10 millis", jitter: false } as const
const at = (i: number) => `2024-03-0${1 + (i % 5)}T10:00:0${i % 10}Z`

const workableCandidates = Array.from({ length: 4 }, (_, i) => ({
  id: `c${i}`,
  name: `Ada Lovelace${i}`,
  firstname: "Ada",
  lastname: `Lovelace${i}`,
  email: `ada${i}@example.com`,
  phone: "+33 1 00 00 00 0" + String(i),
  social_profiles: [{ type: "linkedin", url: `https://linkedin.com/in/ada${i}` }],
  job: { shortcode: "SC1", title: "Engineer" },
  created_at: at(i),
  updated_at: at(i)
}))

const setup = Effect.gen(function* () {
  const wk = yield* WorkableFake.make({
    token: "wk",
    candidates: workableCandidates,
    jobs: [{ id: "j1", title: "Engineer", shortcode: "SC1", state: "published", created_at: at(0) }]
  })
  const tt = yield* TeamtailorFake.make({ apiKey: "tt" })
  const ab = yield* AshbyFake.make({ apiKey: "ab" })
  return {
    wk,
    tt,
    ab,
    workable: yield* Workable.make({ token: Redacted.make("wk"), base_url: wk.baseUrl, retry, rate_limit: { limit: 1000, interval: "1 second" } }),
    teamtailor: yield* Teamtailor.make({ api_key: Redacted.make("tt"), base_url: tt.baseUrl, retry }),
    ashby: yield* Ashby.make({ api_key: Redacted.make("ab"), base_url: ab.baseUrl, retry })
  }
})

describe("formatter = none between Workable, Teamtailor and Ashby", () => {
  it.scopedLive("Workable → Teamtailor → Ashby candidates keep names, emails and links; Ashby → Workable reports the missing job per record", () =>
    Effect.gen(function* () {
      const { ab, ashby, teamtailor, tt, wk, workable } = yield* setup
      const toTeamtailor = yield* Pipeline.pull({ resource: "profile", origin: workable, target: teamtailor, cursor: Cursor.make("updated_at") })
      expect(toTeamtailor.stats).toMatchObject({ written: 4, created: 4, failed: 0 })
      const stored = [...tt.store.candidates.values()].map((r) => r.attributes)
      expect(stored.map((a) => a.email).sort()).toEqual(workableCandidates.map((c) => c.email).sort())
      expect(stored[0]).toMatchObject({ "first-name": "Ada", "linkedin-url": expect.stringContaining("linkedin.com/in/ada") })

      const toAshby = yield* Pipeline.pull({ resource: "profile", origin: teamtailor, target: ashby, cursor: Cursor.make("updated_at") })
      expect(toAshby.stats).toMatchObject({ written: 4, created: 4, failed: 0 })
      const inAshby = [...ab.candidates.values()]
      expect(inAshby.map((c) => c.name).sort()).toEqual(workableCandidates.map((c) => c.name).sort())
      expect(inAshby[0]).toMatchObject({
        primaryEmailAddress: { value: expect.stringMatching(/^ada\d@example\.com$/) },
        socialLinks: [{ type: "LinkedIn", url: expect.stringContaining("linkedin.com/in/ada") }]
      })

      // Workable creates candidates inside a job; Ashby candidates carry none, so each one fails on its own.
      const before = wk.candidates.size
      const toWorkable = yield* Pipeline.pull({ resource: "profile", origin: ashby, target: workable, cursor: Cursor.make("updated_at") })
      expect(toWorkable.stats).toMatchObject({ written: 0, failed: 4 })
      expect(toWorkable.stats.errors[0]).toMatchObject({ stage: "write", message: expect.stringContaining("job.shortcode is required") })
      expect(wk.candidates.size).toBe(before)
    })
  )

  it.scopedLive("Workable jobs become Teamtailor jobs", () =>
    Effect.gen(function* () {
      const { teamtailor, tt, workable } = yield* setup
      const result = yield* Pipeline.pull({ resource: "job", origin: workable, target: teamtailor, cursor: Cursor.make("created_at") })
      expect(result.stats).toMatchObject({ written: 1, failed: 0 })
      expect([...tt.store.jobs.values()][0]!.attributes).toMatchObject({ title: "Engineer", status: "open" })
    })
  )
})
