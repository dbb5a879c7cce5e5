/**
 * The connector conformance suite for SmartRecruiters jobs and candidates against the fake.
 * Writes are checked in SmartRecruiters.test.ts instead: SmartRecruiters assigns ids to created
 * candidates, so the suite's "read back the ids you wrote" does not apply.
 */
import * as Effect from "effect/Effect"
import { describeConformance } from "../../../src/testing/Vitest.js"
import * as FakeSmartRecruiters from "../../fakes/SmartRecruiters.js"
import { candidate, connectorFor, job } from "./Fixtures.js"

const second = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()

describeConformance({
  name: "smartrecruiters",
  resource: "job",
  setup: (records) => Effect.flatMap(FakeSmartRecruiters.make({ jobs: records }), (fake) => connectorFor(fake)),
  record: job,
  pushdown: [
    { field: "status", op: "eq", value: "SOURCING" },
    { field: "postingStatus", op: "eq", value: "PUBLIC" },
    { field: "updatedOn", op: "gt", value: second(7) }
  ],
  invalidRecord: { id: "broken", title: 42, createdOn: second(0), updatedOn: second(1), status: "SOURCING" }
})

describeConformance({
  name: "smartrecruiters",
  resource: "profile",
  write: false,
  setup: (records) => Effect.flatMap(FakeSmartRecruiters.make({ candidates: records }), (fake) => connectorFor(fake)),
  record: candidate,
  pushdown: [{ field: "updatedOn", op: "gt", value: second(12) }],
  invalidRecord: { id: "broken", firstName: 1, lastName: "X", updatedOn: second(1) }
})
