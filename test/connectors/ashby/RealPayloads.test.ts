/**
 * Ashby payloads in the shape and values of Ashby's reference (test/fixtures/real/ashby, see
 * SOURCES.md): decoded, mapped field by field, served by the fake and pulled; and the unified
 * round-trip property.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Ashby from "../../../src/connectors/ashby/index.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Unified from "../../../src/core/Unified.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import * as Fake from "../../fakes/Ashby.js"

type Raw = Record<string, unknown>
const results = (name: string): Array<Raw> =>
  (JSON.parse(readFileSync(new URL(`../../fixtures/real/ashby/${name}`, import.meta.url), "utf8")) as { results: Array<Raw> }).results

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/real/ashby/${name}`, import.meta.url), "utf8"))

const jobs = results("job-list.json")
const candidates = results("candidate-list.json")
const postingSummaries = results("job-posting-list.json")
const postingDetails = (read("job-posting-info.json") as Array<{ results: Raw }>).map((envelope) => envelope.results)
const applications = results("application-list.json")

/** The postings as the fake keeps them: with their details where the reference has them. */
const postings = postingSummaries.map((summary) => postingDetails.find((d) => d.id === summary.id) ?? summary)

/** What the connector makes of a fixture job: its primary posting (listed first) with the details, without careers-page data. */
const withPosting = (job: Raw): Raw => {
  const own = postings.filter((p) => p.jobId === job.id)
  const primary = own.find((p) => p.isListed === true) ?? own[0]
  if (primary === undefined) return job
  const { applicationFormDefinition: _form, surveyFormDefinitions: _surveys, linkedData: _linked, ...posting } = primary
  return { ...job, jobPosting: posting }
}

/** What the connector makes of a fixture candidate: its applications, most recently updated first, without `candidate`. */
const withApplications = (candidate: Raw): Raw => {
  const own = applications
    .filter((a) => (a.candidate as Raw).id === candidate.id)
    .map(({ candidate: _candidate, ...rest }) => rest)
    .sort((a, b) => Date.parse(String(b.updatedAt)) - Date.parse(String(a.updatedAt)))
  return own.length === 0 ? candidate : { ...candidate, applications: own }
}

const joinedJobs = jobs.map(withPosting)
const joinedCandidates = candidates.map(withApplications)
const connect = (fake: Fake.AshbyFake) => Ashby.make({ api_key: Redacted.make("ashby-test-key"), base_url: fake.baseUrl })

describe("Ashby real payloads", () => {
  it("every record decodes and maps to a valid unified record", () => {
    for (const job of jobs) {
      expect(Either.isRight(Schema.decodeUnknownEither(Ashby.AshbyJob)(job))).toBe(true)
      expect(Schema.is(Unified.UnifiedJob)(Ashby.Mapping.toUnified("job", job))).toBe(true)
    }
    for (const candidate of candidates) {
      expect(Either.isRight(Schema.decodeUnknownEither(Ashby.AshbyCandidate)(candidate))).toBe(true)
      expect(Schema.is(Unified.UnifiedProfile)(Ashby.Mapping.toUnified("profile", candidate))).toBe(true)
    }
  })

  it("postings (summaries and details) and applications decode; joined records map to valid unified records", () => {
    for (const posting of [...postingSummaries, ...postingDetails]) {
      expect(Either.isRight(Schema.decodeUnknownEither(Ashby.Schemas.JobPosting)(posting))).toBe(true)
    }
    for (const application of applications) {
      expect(Either.isRight(Schema.decodeUnknownEither(Ashby.Schemas.Application)(application))).toBe(true)
    }
    for (const job of joinedJobs) {
      expect(Either.isRight(Schema.decodeUnknownEither(Ashby.AshbyJob)(job))).toBe(true)
      expect(Schema.is(Unified.UnifiedJob)(Ashby.Mapping.toUnified("job", job))).toBe(true)
    }
    for (const candidate of joinedCandidates) {
      expect(Either.isRight(Schema.decodeUnknownEither(Ashby.AshbyCandidate)(candidate))).toBe(true)
      expect(Schema.is(Unified.UnifiedProfile)(Ashby.Mapping.toUnified("profile", candidate))).toBe(true)
    }
  })

  it("a job with its posting: location and address parts, workplace type, departments, links, description, deadline, compensation", () => {
    const [open, draft, archived] = joinedJobs.map((j) => Ashby.Mapping.toUnified("job", j) as Unified.UnifiedJob)
    const details = postingDetails[0]!
    expect(open).toMatchObject({
      id: "d5a6bc97-4259-4bc5-b3fe-6d3edfd538e3",
      name: "Software Engineer",
      status: "open",
      employment_type: "full_time",
      location: {
        text: "Springfield",
        fields: { road: "49 Geary St Suite 411", city: "San Francisco", state: "California", postcode: "94108", country: "United States" },
        street: "49 Geary St Suite 411",
        city: "San Francisco",
        region: "California",
        postal_code: "94108",
        country: "United States",
        remote: false
      },
      remote: false,
      departments: [{ id: "6eec82ac-9713-512d-ac2e-405618935375", name: "People" }, { name: "Recruiting Operations" }],
      url: "https://jobs.ashbyhq.com/6eec82ac-9713-512d-ac2e-405618935375/d5a6bc97-4259-4bc5-b3fe-6d3edfd538e3",
      apply_url: "https://jobs.ashbyhq.com/6eec82ac-9713-512d-ac2e-405618935375/d5a6bc97-4259-4bc5-b3fe-6d3edfd538e3",
      text: details.descriptionPlain,
      summary: details.descriptionSocial,
      closes_at: "2024-08-12T20:00:00.000Z",
      published_at: "2022-07-21T17:32:28Z",
      requisition_id: "REQ-1",
      ranges_float: [
        { name: "salary", value_min: 72023.45, value_max: 270450, unit: "EUR" },
        { name: "equity_percentage", value_min: 1, value_max: 2.25, unit: null }
      ],
      salary: { min: 72023.45, max: 270450, currency: "EUR", period: "year" },
      metadatas: [
        { name: "workplace_type", value: "Hybrid" },
        { name: "posting_listed", value: "true" },
        { name: "posting_published_date", value: "2022-07-22" },
        { name: "compensation_summary", value: "$72K – $270K • 1% – 2.25% • Offers Bonus • Multiple Ranges" }
      ]
    })
    // The opening is suppressed (null parts); the body and closing are sections, as HTML.
    const parts = details.descriptionParts as Record<string, { html: string }>
    expect(open!.sections).toEqual([
      { name: "body", title: null, description: parts.descriptionBody!.html },
      { name: "closing", title: null, description: parts.descriptionClosing!.html }
    ])
    // A draft has no posting: nothing of one is made up.
    for (const absent of ["location", "url", "apply_url", "text", "sections", "ranges_float", "salary", "departments", "metadatas"] as const) {
      expect(draft![absent]).toBeUndefined()
    }
    // A remote posting on an internal board: no external link, empty description, no compensation.
    expect(archived).toMatchObject({
      location: { text: "Remote", remote: true },
      remote: true,
      departments: [{ name: "Engineering department" }],
      apply_url: "https://jobs.ashbyhq.com/6eec82ac-9713-512d-ac2e-405618935375/70b51cc4-7f34-5567-92bd-96f354f7439a",
      metadatas: [
        { name: "posting_listed", value: "true" },
        { name: "posting_published_date", value: "2021-11-19" }
      ]
    })
    for (const absent of ["url", "text", "summary", "sections", "ranges_float", "salary", "closes_at"] as const) {
      expect(archived![absent]).toBeUndefined()
    }
  })

  it("a candidate with its applications: labels per job (stage, date entered), job ids, the active application's stage, status and source", () => {
    const [full, minimal] = joinedCandidates.map((c) => Ashby.Mapping.toUnified("profile", c) as Unified.UnifiedProfile)
    expect(full).toMatchObject({
      labels: [
        { job_key: "7d31034c-790b-4265-bf63-d65396d59d0b", stage: "Archived" },
        { job_key: "d5a6bc97-4259-4bc5-b3fe-6d3edfd538e3", stage: "First Interview", date_stage: "2022-05-25T14:18:28.239Z" }
      ],
      job_ids: ["7d31034c-790b-4265-bf63-d65396d59d0b", "d5a6bc97-4259-4bc5-b3fe-6d3edfd538e3"],
      // The archived application was updated last, but the active one is where the candidate stands.
      stage: "First Interview",
      metadatas: [{ name: "application_status", value: "Active" }],
      // The candidate names no source (null): the active application's is used.
      source: "Linkedin"
    })
    expect(full!.labels![0]!.date_stage).toBeUndefined()
    expect(full!.archived_at).toBeUndefined()
    for (const absent of ["labels", "job_ids", "stage", "metadatas", "source", "archived_at"] as const) expect(minimal![absent]).toBeUndefined()
    // Only archived applications: the candidate is archived, at that stage.
    const archivedOnly = Ashby.Mapping.toUnified("profile", {
      ...joinedCandidates[0]!,
      applications: [(joinedCandidates[0]!.applications as Array<Raw>)[0]]
    }) as Unified.UnifiedProfile
    expect(archivedOnly).toMatchObject({
      stage: "Archived",
      archived_at: "2022-07-21T17:32:28Z",
      metadatas: [{ name: "application_status", value: "Archived" }]
    })
  })

  it("jobs: status, employment type, requisition id, opening and timestamps; a draft without createdAt", () => {
    const [open, draft, archived] = jobs.map((j) => Ashby.Mapping.toUnified("job", j) as Unified.UnifiedJob)
    expect(open).toMatchObject({
      id: "d5a6bc97-4259-4bc5-b3fe-6d3edfd538e3",
      name: "Software Engineer",
      status: "open",
      employment_type: "full_time",
      requisition_id: "REQ-1",
      published_at: "2022-07-21T17:32:28Z",
      created_at: "2022-07-21T17:32:28Z",
      updated_at: "2022-07-21T17:32:28Z"
    })
    expect(draft).toMatchObject({ status: "draft", employment_type: "contract", updated_at: "2022-07-21T17:32:28Z" })
    for (const absent of ["requisition_id", "published_at", "created_at"] as const) expect(draft![absent]).toBeUndefined()
    expect(archived).toMatchObject({ status: "archived", employment_type: "internship", created_at: "2021-04-30T16:21:55.393+00:00" })
  })

  it("an unknown status or employment type flows with none rather than failing", () => {
    const next = { ...jobs[0]!, status: "OnHold", employmentType: "Seasonal" }
    expect(Either.isRight(Schema.decodeUnknownEither(Ashby.AshbyJob)(next))).toBe(true)
    const unified = Ashby.Mapping.toUnified("job", next) as Unified.UnifiedJob
    expect(unified.status).toBeUndefined()
    expect(unified.employment_type).toBeUndefined()
    // Written back unchanged, Ashby's own value is kept.
    expect(Ashby.Mapping.fromUnified("job", unified)).toEqual(next)
  })

  it("candidates: name, emails, phones, links, location parts, position, school, tags, resume", () => {
    const [full, minimal] = candidates.map((c) => Ashby.Mapping.toUnified("profile", c) as Unified.UnifiedProfile)
    expect(full).toMatchObject({
      id: "f9e52a51-a075-4116-a7b8-484deba69004",
      info: {
        full_name: "Adam Hart",
        email: "test@ashbyhq.com",
        emails: [
          { value: "test@ashbyhq.com", type: "Personal" },
          { value: "test.email@ashbyhq.com", type: "Other" }
        ],
        phone: "555-555-5555",
        phones: [{ value: "555-555-5555", type: "Personal" }],
        urls: [
          { type: "linkedin", url: "https://linkedin.com/in/user" },
          { type: "github", url: "https://github.com/user" },
          { type: "website", url: "https://twitter.com/user" }
        ],
        location: {
          text: "United States, California, San Francisco",
          fields: { country: "United States", state: "California", city: "San Francisco" },
          city: "San Francisco",
          region: "California",
          country: "United States"
        }
      },
      experiences: [{ title: "Software Engineer", company: "Auction.com", current: true }],
      educations: [{ school: "Princeton University" }],
      tags: [{ name: "Senior Candidate" }],
      attachments: [{ type: "resume", file_name: "resume.pdf" }],
      created_at: "2022-07-21T17:32:28Z",
      updated_at: "2022-07-21T17:32:28Z"
    })
    expect(full!.source).toBeUndefined()
    // No updatedAt: the creation time stands in, so the record still has a cursor value.
    expect(minimal).toMatchObject({ id: "9d22854f-c929-4b86-9f42-cb71cc0e4fc7", info: { full_name: "Adam Hart" }, updated_at: "2022-07-21T17:32:28Z" })
    expect(minimal!.info?.emails).toBeUndefined()
    expect(minimal!.experiences).toBeUndefined()
  })

  it("native → unified → native returns each record unchanged", () => {
    for (const job of [...jobs, ...joinedJobs]) expect(Ashby.Mapping.fromUnified("job", Ashby.Mapping.toUnified("job", job))).toEqual(job)
    for (const c of [...candidates, ...joinedCandidates]) expect(Ashby.Mapping.fromUnified("profile", Ashby.Mapping.toUnified("profile", c))).toEqual(c)
  })

  it("an edited job keeps its posting: the change is laid over what was read", () => {
    const unified = Ashby.Mapping.toUnified("job", joinedJobs[0]!) as Unified.UnifiedJob
    const back = Ashby.Mapping.fromUnified("job", { ...unified, apply_url: "https://example.com/apply" })
    expect(back.jobPosting).toMatchObject({ id: "d5a6bc97-4259-4bc5-b3fe-6d3edfd538e3", applyLink: "https://example.com/apply", workplaceType: "Hybrid" })
    expect(Ashby.Mapping.toUnified("job", back)).toMatchObject({ ...unified, apply_url: "https://example.com/apply", payload: back })
  })

  it.scopedLive("served by the fake: jobs joined with their listed posting's details, candidates with their applications; each join list read once", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ jobs, candidates, postings, applications })
      const connector = yield* connect(fake)
      const readAll = (resource: "job" | "profile") =>
        Stream.runCollect(connector.read(resource, { cursor: Cursor.make("updated_at"), where: [], batchSize: 1 })).pipe(Effect.map(Chunk.toReadonlyArray))
      expect(yield* readAll("job")).toEqual(joinedJobs)
      expect(yield* readAll("profile")).toEqual(joinedCandidates)
      const paths = (yield* fake.requests).map((r) => r.path)
      // One page per record (batch size 1), yet each join list is read once; details only for jobs with a posting.
      expect(paths.filter((p) => p === "/jobPosting.list")).toHaveLength(1)
      expect(paths.filter((p) => p === "/application.list")).toHaveLength(1)
      const details = (yield* fake.requests).filter((r) => r.path === "/jobPosting.info").map((r) => JSON.parse(r.body) as Raw)
      expect(details.map((b) => b.jobPostingId).sort()).toEqual(["70b51cc4-7f34-5567-92bd-96f354f7439a", "d5a6bc97-4259-4bc5-b3fe-6d3edfd538e3"])
      expect(paths.filter((p) => p === "/job.list")).toHaveLength(3)
    })
  )

  it.scopedLive("no join call when no record of a page has a posting or an application", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ jobs: [{ ...jobs[1]!, jobPostingIds: [] }], candidates: [candidates[1]!], postings, applications })
      const connector = yield* connect(fake)
      for (const resource of ["job", "profile"] as const) {
        yield* Stream.runDrain(connector.read(resource, { cursor: Cursor.make("updated_at"), where: [], batchSize: 100 }))
      }
      expect((yield* fake.requests).map((r) => r.path)).toEqual(["/job.list", "/candidate.list"])
    })
  )

  it.scopedLive("application.list is paged by nextCursor (100 a page)", () =>
    Effect.gen(function* () {
      const many = Array.from({ length: 150 }, (_, i) => ({ ...applications[0]!, id: `app-${i}`, job: { id: `job-${i}`, title: null } }))
      const fake = yield* Fake.make({ candidates: [candidates[0]!], applications: many })
      const connector = yield* connect(fake)
      const [read] = yield* Stream.runCollect(connector.read("profile", { cursor: Cursor.make("updated_at"), where: [], batchSize: 100 })).pipe(
        Effect.map(Chunk.toReadonlyArray)
      )
      expect((read!.applications as Array<Raw>).length).toBe(150)
      const sent = (yield* fake.requests).filter((r) => r.path === "/application.list").map((r) => JSON.parse(r.body) as Raw)
      expect(sent).toHaveLength(2)
      expect(sent[0]).toEqual({ limit: 100 })
      expect(typeof sent[1]!.cursor).toBe("string")
    })
  )

  it.scopedLive("a join Ashby refuses fails the read with a typed error", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ candidates: [candidates[0]!], applications })
      fake.failNext(200, { success: false, errors: ["invalid_input"], errorInfo: { code: "invalid_input", message: "limit is invalid" } }, "/application.list")
      const connector = yield* connect(fake)
      const failed = yield* Stream.runCollect(connector.read("profile", { cursor: Cursor.make("updated_at"), where: [], batchSize: 100 })).pipe(Effect.flip)
      expect(failed).toMatchObject({ _tag: "RequestRejected", reason: "POST /application.list: invalid_input: limit is invalid" })
    })
  )

  it.scopedLive("served by the fake, every job arrives, drafts included (job.list hides them unless asked by status)", () =>
    Effect.gen(function* () {
      const fake = yield* Fake.make({ jobs, candidates })
      const connector = yield* connect(fake)
      const read = (resource: "job" | "profile") =>
        Stream.runCollect(connector.read(resource, { cursor: Cursor.make("updated_at"), where: [], batchSize: 100 })).pipe(Effect.map(Chunk.toReadonlyArray))
      expect((yield* read("job")).map((j) => j.status)).toEqual(["Open", "Draft", "Archived"])
      expect((yield* read("profile")).map((c) => c.id)).toEqual(candidates.map((c) => c.id))
    })
  )
})

describe("Ashby unified round trip", () => {
  const known = new Set<string>(["full_time", "part_time", "internship", "contract", "temporary"])
  const filled = (value: string | null | undefined): value is string => value != null && value !== ""
  const firstOf = <A>(list: ReadonlyArray<A>, key: (a: A) => string) => list.filter((a, i) => list.findIndex((o) => key(o) === key(a)) === i)

  /** A job's posting data as Ashby can hold it (one posting: three description parts, five compensation types, two departments). */
  const postingShape = (job: Unified.UnifiedJob): Partial<Unified.UnifiedJob> => {
    const sections = ["opening", "body", "closing"].flatMap((name) => {
      const section = job.sections?.find((s) => s.name === name && filled(s.description))
      return section ? [{ name, title: null, description: section.description! }] : []
    })
    const names = ["salary", "bonus", "commission", "equity_percentage", "equity_cash_value"]
    // JSON numbers are finite.
    const finite = (n: number | null | undefined) => (n != null && Number.isFinite(n) ? n : null)
    let ranges = firstOf(
      (job.ranges_float ?? []).filter((r) => names.includes(r.name ?? "")),
      (r) => r.name!
    )
      .map((r) => ({ name: r.name!, value_min: finite(r.value_min), value_max: finite(r.value_max), unit: filled(r.unit) ? r.unit : null }))
      .filter((r) => r.value_min !== null || r.value_max !== null)
    const fromSalary = job.salary !== undefined && (finite(job.salary.min) !== null || finite(job.salary.max) !== null)
    if (!ranges.some((r) => r.name === "salary") && fromSalary) {
      const unit = filled(job.salary!.currency) ? job.salary!.currency : null
      ranges = [...ranges, { name: "salary", value_min: finite(job.salary!.min), value_max: finite(job.salary!.max), unit }]
    }
    const salaryRange = ranges.find((r) => r.name === "salary")
    const metadataNames = ["workplace_type", "posting_listed", "posting_published_date", "compensation_summary"]
    const metadatas = metadataNames.flatMap((name) => {
      const value = job.metadatas?.find((m) => m.name === name)?.value
      if (!filled(value)) return []
      // Remote and OnSite are `remote`; a listing is true or false.
      if (name === "workplace_type" && (value === "Remote" || value === "OnSite")) return []
      if (name === "posting_listed" && value !== "true" && value !== "false") return []
      return [{ name, value }]
    })
    const workplace = metadatas.find((m) => m.name === "workplace_type")?.value
    const remote = workplace === undefined ? (job.remote ?? job.location?.remote) : workplace === "Hybrid" ? false : undefined
    const departments = (job.departments ?? []).filter((d) => filled(d.name)).slice(0, 2)
    const [department, team] = departments
    const { remote: _remote, salary: _salary, ...rest } = job
    return {
      ...rest,
      sections,
      ranges_float: ranges,
      ...(salaryRange
        ? {
            salary: {
              min: salaryRange.value_min,
              max: salaryRange.value_max,
              ...(filled(salaryRange.unit) ? { currency: salaryRange.unit } : {}),
              ...(job.salary?.period !== undefined ? { period: job.salary.period } : {})
            }
          }
        : {}),
      metadatas,
      departments: department === undefined ? [] : [department, ...(team !== undefined && team.name !== department.name ? [{ name: team.name }] : [])],
      ...(remote !== undefined ? { remote } : {}),
      ...(job.location === undefined ? {} : { location: { ...job.location, remote } })
    }
  }

  it.scopedLive("job: every unified field an Ashby job holds comes back", () =>
    Effect.gen(function* () {
      const connector = yield* connect(yield* Fake.make())
      const found = RoundTrip.check({
        connector,
        resource: "job",
        holds: [
          "id",
          "name",
          "status",
          "employment_type",
          "requisition_id",
          "published_at",
          "created_at",
          "updated_at",
          "url",
          "apply_url",
          "text",
          "summary",
          "sections.name",
          "sections.description",
          "location.text",
          "location.street",
          "location.city",
          "location.region",
          "location.postal_code",
          "location.country",
          "remote",
          "departments.name",
          "closes_at",
          "ranges_float",
          "salary",
          "metadatas"
        ],
        prepare: (record) => {
          const job = postingShape(record as Unified.UnifiedJob) as Unified.UnifiedJob
          // Ashby has five employment types; and its updatedAt falls back to createdAt.
          const { employment_type, ...rest } = job
          return {
            ...rest,
            // Every Ashby job has a status; a new one is a draft.
            status: job.status ?? "draft",
            ...(employment_type !== undefined && known.has(employment_type) ? { employment_type } : {}),
            ...(job.updated_at == null && job.created_at != null ? { updated_at: job.created_at } : {})
          } as Unified.UnifiedJob
        }
      })
      expect(found).toBeUndefined()
    })
  )

  it.scopedLive("profile: every unified field an Ashby candidate holds comes back", () =>
    Effect.gen(function* () {
      const connector = yield* connect(yield* Fake.make())
      const found = RoundTrip.check({
        connector,
        resource: "profile",
        holds: [
          "id",
          "info.full_name",
          "info.email",
          "info.emails.value",
          "info.phone",
          "info.phones.value",
          "info.urls.url",
          "info.location.city",
          "info.location.region",
          "info.location.country",
          "tags.name",
          "created_at",
          "updated_at",
          "labels.job_key",
          "labels.stage",
          "labels.date_stage",
          "job_ids",
          "stage",
          "source",
          "archived_at",
          "metadatas"
        ],
        prepare: (record) => {
          const profile = record as Unified.UnifiedProfile
          const info = profile.info ?? {}
          // A candidate has a name and one summary of its location; updatedAt falls back to createdAt.
          const location = info.location === undefined ? undefined : { ...info.location, text: null }
          // Ashby holds each address or number once, the primary one (`email` / `phone`) first.
          const distinct = <A extends { readonly value: string }>(list: ReadonlyArray<A> | undefined, primary: string | null | undefined) => {
            const once = list?.filter((c, i) => list.findIndex((o) => o.value === c.value) === i)
            return once === undefined || !filled(primary) ? once : [...once.filter((c) => c.value === primary), ...once.filter((c) => c.value !== primary)]
          }
          // Applications: one per label with a job (else per job id, the first at `stage`); the first is the
          // one `stage`, the application status and `archived_at` belong to.
          const described = (profile.labels ?? []).filter((l) => filled(l.job_key))
          const labels = (
            described.length > 0
              ? described.map((l) => ({ job_key: l.job_key!, stage: l.stage, date_stage: l.date_stage }))
              : (profile.job_ids ?? []).filter(filled).map((job_key, i) => ({ job_key, stage: i === 0 ? profile.stage : undefined, date_stage: undefined }))
          ).map((l) => ({ job_key: l.job_key, ...(filled(l.stage) ? { stage: l.stage } : {}), ...(filled(l.date_stage) ? { date_stage: l.date_stage } : {}) }))
          const status = profile.metadatas?.find((m) => m.name === "application_status")?.value
          return {
            ...profile,
            labels,
            job_ids: [...new Set(labels.map((l) => l.job_key))],
            stage: labels[0]?.stage,
            metadatas: labels.length > 0 && filled(status) ? [{ name: "application_status", value: status }] : [],
            archived_at: labels.length > 0 ? profile.archived_at : undefined,
            info: {
              ...info,
              full_name: info.full_name || profile.id || "unnamed",
              emails: distinct(info.emails, info.email),
              phones: distinct(info.phones, info.phone),
              ...(location ? { location } : {})
            },
            ...(profile.updated_at == null && profile.created_at != null ? { updated_at: profile.created_at } : {})
          } as Unified.UnifiedProfile
        }
      })
      expect(found).toBeUndefined()
    })
  )
})
