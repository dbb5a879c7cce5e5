/**
 * The unified round-trip property for Greenhouse: every unified field a Harvest v3 job or candidate
 * can hold survives unified → native → unified. `prepare` shapes drawn records into what Greenhouse
 * can represent at all (numeric ids, its job statuses, applications to numeric jobs).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Unified from "../../../src/core/Unified.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import * as FakeGreenhouse from "../../fakes/Greenhouse.js"
import * as Greenhouse from "../../../src/connectors/greenhouse/index.js"
import { configFor } from "./Fixtures.js"

const origin = { origin: "greenhouse" } as const

const prepareJob = (record: Unified.UnifiedRecord): Unified.UnifiedRecord => {
  const job = record as Unified.UnifiedJob
  return {
    ...job,
    ...origin,
    id: String(Math.abs(job.id.length * 7919) + 1),
    // Greenhouse requires one of its statuses; an archived job is a closed one there.
    status: job.status === "archived" ? "closed" : (job.status ?? "open"),
    departments: job.departments?.slice(0, 1).map((d, i) => ({ id: String(i + 7), name: d.name })),
    // A salary is a range: a currency alone has nowhere to go (nor in the unified ranges_float).
    salary: job.salary?.min != null || job.salary?.max != null ? job.salary : undefined
  }
}

const prepareProfile = (record: Unified.UnifiedRecord): Unified.UnifiedRecord => {
  const profile = record as Unified.UnifiedProfile
  const labels = profile.labels?.map((l, i) => ({
    job_key: String(4000 + i),
    stage: l.stage ?? null,
    date_stage: l.date_stage == null ? null : new Date(Date.UTC(2024, 0, 1 + i)).toISOString()
  }))
  const { headline: _headline, ...rest } = profile.info ?? {}
  // Greenhouse keeps names as parts (a full name alone is split): the record names its parts.
  const info = { ...rest, first_name: rest.first_name ?? "", last_name: rest.last_name ?? "" }
  return {
    ...profile,
    ...origin,
    id: String(profile.id.length + 1),
    // A candidate's current position is its company/title (no dates); past ones are employments.
    ...(profile.info ? { info } : {}),
    experiences: profile.experiences?.map((e) => ({ ...e, current: false })),
    educations: profile.educations?.map((e) => ({ ...e, degree: e.title ?? null })),
    labels,
    job_ids: labels?.map((l) => l.job_key),
    stage: labels?.[0]?.stage ?? null
  }
}

/** Absent, null and empty all mean "no value", also inside lists (a null degree comes back absent). */
const valued = (value: unknown): unknown =>
  Array.isArray(value) ? value.filter((v) => v !== null && v !== undefined && v !== "").map(valued) : value === "" ? null : value
const equivalent = (_path: string, expected: unknown, actual: unknown): boolean => {
  const [e, a] = [valued(expected), valued(actual)]
  const empty = (v: unknown) => v == null || (Array.isArray(v) && v.length === 0)
  return (empty(e) && empty(a)) || RoundTrip.sameValue(e, a)
}

const jobHolds = [
  "id",
  "name",
  "status",
  "requisition_id",
  "employment_type",
  "departments.id",
  "departments.name",
  "location.text",
  "salary.min",
  "salary.max",
  "salary.currency",
  "published_at",
  "created_at",
  "updated_at"
]

const profileHolds = [
  "id",
  "info.first_name",
  "info.last_name",
  "info.email",
  "info.phone",
  "info.emails.value",
  "info.phones.value",
  "info.urls.url",
  "info.location.text",
  "experiences.company",
  "experiences.title",
  "experiences.date_start",
  "experiences.date_end",
  "educations.school",
  "educations.title",
  "educations.degree",
  "educations.field",
  "educations.date_start",
  "educations.date_end",
  "tags.name",
  "labels.job_key",
  "labels.stage",
  "labels.date_stage",
  "job_ids",
  "stage",
  "created_at",
  "updated_at"
]

describe("Greenhouse unified round trip", () => {
  it.scoped("jobs and candidates keep every field Harvest v3 holds", () =>
    Effect.gen(function* () {
      const fake = yield* FakeGreenhouse.make()
      const connector = yield* Greenhouse.make(configFor(fake))
      expect(RoundTrip.check({ connector, resource: "job", holds: jobHolds, prepare: prepareJob, equivalent, seed: 5 })).toBeUndefined()
      expect(RoundTrip.check({ connector, resource: "profile", holds: profileHolds, prepare: prepareProfile, equivalent, seed: 5 })).toBeUndefined()
    })
  )
})
