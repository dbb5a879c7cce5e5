/**
 * The connector conformance suite for Lever postings and opportunities against the fake Lever.
 * Writes are checked in Lever.test.ts instead: Lever assigns ids to created opportunities, so the
 * suite's "read back the ids you wrote" does not apply.
 */
import * as Effect from "effect/Effect"
import { describeConformance } from "../../../src/testing/Vitest.js"
import * as FakeLever from "../../fakes/Lever.js"
import { connectorFor, opportunity, posting } from "./Fixtures.js"

const at = (iso: string) => Date.parse(iso)
const second = (i: number) => Date.UTC(2024, 0, 1) + i * 1000

describeConformance({
  name: "lever",
  resource: "job",
  setup: (records) => Effect.flatMap(FakeLever.make({ postings: records }), (fake) => connectorFor(fake)),
  record: (i, iso) => posting(i, at(iso)),
  pushdown: [
    { field: "state", op: "eq", value: "published" },
    { field: "state", op: "in", value: ["closed", "internal"] },
    { field: "tags", op: "in", value: ["urgent"] },
    { field: "updatedAt", op: "gte", value: second(7) },
    { field: "updatedAt", op: "lte", value: second(4) }
  ],
  invalidRecord: { id: "broken", text: 42, state: "published", createdAt: 1, updatedAt: second(1) }
})

describeConformance({
  name: "lever",
  resource: "profile",
  write: false,
  setup: (records) => Effect.flatMap(FakeLever.make({ opportunities: records }), (fake) => connectorFor(fake)),
  record: (i, iso) => opportunity(i, at(iso)),
  pushdown: [
    { field: "stage", op: "eq", value: "stage-screen" },
    { field: "stage", op: "in", value: ["stage-onsite"] },
    { field: "tags", op: "in", value: ["referral"] },
    { field: "emails", op: "in", value: ["candidate3@example.com", "candidate5@example.com"] },
    { field: "updatedAt", op: "gte", value: second(12) }
  ],
  invalidRecord: { id: "broken", name: "No timestamps", emails: [] }
})
