/**
 * HrFlow.ai's own published payloads (test/fixtures/real/hrflow, see SOURCES.md) decoded by the native
 * schemas and mapped field by field; the same records served by the fake and pulled through the
 * pipeline; and the unified round-trip property.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Unified from "../../../src/core/Unified.js"
import * as HrFlow from "../../../src/connectors/hrflow/index.js"
import * as Memory from "../../../src/testing/Memory.js"
import * as RoundTrip from "../../../src/testing/RoundTrip.js"
import { setup } from "./Fixtures.js"

type Raw = Record<string, unknown>
const fixture = (name: string): Raw => JSON.parse(readFileSync(new URL(`../../fixtures/real/hrflow/${name}`, import.meta.url), "utf8")) as Raw

const jobs = {
  get: fixture("job-indexing-get.json").data as Raw,
  put: fixture("job-indexing-put.json").data as Raw,
  searched: ((fixture("jobs-searching.json").data as Raw).jobs as Array<Raw>)[0]!,
  sdk: fixture("sdk-job.json")
}
const profiles = {
  get: fixture("profile-indexing-get.json").data as Raw,
  sdk: fixture("sdk-profile.json"),
  files: fixture("profile-attachment-label.json")
}

const decodes = (schema: Schema.Schema.AnyNoContext, record: Raw) => Either.isRight(Schema.decodeUnknownEither(schema)(record))
const job = (record: Raw) => HrFlow.Mapping.toUnified("job", record) as Unified.UnifiedJob
const profile = (record: Raw) => HrFlow.Mapping.toUnified("profile", record) as Unified.UnifiedProfile

describe("HrFlow.ai real payloads", () => {
  it("every fixture record decodes, and maps to a valid unified record", () => {
    for (const record of Object.values(jobs)) {
      expect(decodes(HrFlow.Schemas.HrFlowJob, record)).toBe(true)
      expect(Schema.is(Unified.UnifiedJob)(job(record))).toBe(true)
    }
    for (const record of Object.values(profiles)) {
      expect(decodes(HrFlow.Schemas.HrFlowProfile, record)).toBe(true)
      expect(Schema.is(Unified.UnifiedProfile)(profile(record))).toBe(true)
    }
  })

  it("job details (GET job/indexing): empty location.fields, string tags, offset timestamps in UTC", () => {
    const unified = job(jobs.get)
    expect(unified).toMatchObject({
      id: "job_key",
      key: "job_key",
      reference: "REF1",
      name: "Technicien de maintenance H/F",
      location: { text: "France Auvergne-Rhône-Alpes Alby-sur-Chéran", lat: 45.817700000000002, lng: 6.0221499999999999 },
      sections: [{ name: "section's name", title: "section's title", description: "Section's description" }],
      // `company` is one of the tags this connector reads a unified field from.
      company: "alpha",
      tags: [
        { name: "responsibility", value: "admin" },
        { name: "category", value: "Maintenance" },
        { name: "type", value: "CDI" },
        { name: "education_level", value: "Bac+5" },
        { name: "professional_experience", value: "Junior" }
      ],
      created_at: "2020-04-06T12:02:31.000Z",
      updated_at: "2020-06-09T12:34:58.000Z"
    })
    expect(unified.location?.fields).toBeUndefined()
    for (const absent of ["url", "summary", "text", "status", "salary", "archived_at"] as const) expect(unified[absent]).toBeUndefined()
    expect([unified.skills, unified.languages, unified.ranges_float, unified.ranges_date]).toEqual([[], [], [], []])
  })

  it("job edited (PUT job/indexing): null location parts, numeric skill and language values, boolean tags, a salary range", () => {
    const unified = job(jobs.put)
    expect(unified).toMatchObject({
      id: "job_key",
      reference: "Job's reference abcd",
      name: "Data Engineer",
      url: "https://www.pole-emploi.ai/jobs/data_engineer",
      skills: [{ name: "python" }, { name: "spark", value: "0.9" }],
      languages: [
        { name: "english", value: "1" },
        { name: "french", value: "1" }
      ],
      tags: [
        { name: "archive", value: "true" },
        { name: "tag example", value: "tag" }
      ],
      ranges_float: [{ name: "salary", value_min: 30, value_max: 40, unit: "eur" }],
      salary: { min: 30, max: 40, currency: "eur" },
      ranges_date: [{ name: "Dates", value_min: "2020-05-18T21:59", value_max: "2020-09-15T21:59" }],
      created_at: "2020-05-14T17:43:22.000Z"
    })
    expect(unified.skills?.[0]?.type).toBeUndefined()
    expect(unified.location).toBeUndefined()
  })

  it("a searched job and the SDK's full job: every original field is kept", () => {
    expect(job(jobs.searched)).toMatchObject({
      id: "d224a0e830605ca7dddab20956624a1ca38d7e45",
      reference: "STO00002082",
      created_at: "2020-04-07T17:39:52.000Z"
    })
    const unified = job(jobs.sdk)
    expect(unified).toMatchObject({
      id: "0c3f5a4e-2b7e-11ef-9a1c-0242ac120002",
      name: "r&d engineer",
      location: { text: "7 rue 4 septembre paris", lat: 48.869179, lng: 2.33814 },
      sections: [{ name: "Description", title: "Description" }],
      skills: [{ name: "Deep Learning", type: "hard", value: "95/100" }],
      languages: [{ name: "French", value: "Fluent" }],
      certifications: [{ name: "ISO 27001", value: "Individual" }],
      courses: [{ name: "Statistical Learning", value: "On campus" }],
      tasks: [{ name: "Developing innovative AI models", value: "Innovating" }],
      tags: [{ name: "Curios", value: "1" }],
      metadatas: [{ name: "Interview note", value: "Today, I met an amazing candidate..." }],
      ranges_float: [{ name: "salary", value_min: 1234.56, value_max: 6543.21, unit: "euros" }],
      salary: { min: 1234.56, max: 6543.21, currency: "euros" },
      ranges_date: [{ name: "dates", value_min: "2023-06-01T23:00:00.000Z", value_max: "2023-09-01T23:00:00.000Z" }],
      culture: "We love AI engineering, problem-solving, and business.",
      created_at: "2024-06-14T09:30:00.000Z"
    })
    for (const field of ["summary", "benefits", "responsibilities", "requirements", "interviews", "url"] as const) {
      expect(unified[field]).toBe(jobs.sdk[field])
    }
  })

  it("profile details (GET profile/indexing): info.urls as an object, placeholder end date, boolean tag, durations", () => {
    const unified = profile(profiles.get)
    expect(unified).toMatchObject({
      id: "profile_key",
      source_key: "source_key",
      source: "Source name",
      info: {
        full_name: "Harry Potter",
        first_name: "Harry",
        last_name: "Potter",
        email: "harry.potter@hrflow.ai",
        emails: [{ value: "harry.potter@hrflow.ai" }],
        date_birth: "1990-08-09T00:00:00+0000",
        picture: "picture public url",
        gender: "male",
        summary: "Brief summary"
      },
      text_language: "fr",
      experiences_duration: 5.6447862760019998,
      educations_duration: 0,
      experiences: [
        {
          key: "3bd7a3e409abd073dd29a9134d33348e35a9ee51",
          title: "Analyste d'affaires",
          company: "Banque Nationale",
          description: "Livraison des solutions web transactionnels",
          location: { text: "Montreal, QC, Canada", lat: 45.512410000000003, lng: -73.554689999999994 },
          date_start: "2017-08-01T00:00:00",
          certifications: [{ name: "certificate exp" }],
          courses: [{ name: "course exp" }],
          tasks: [{ name: "task exp" }],
          skills: [{ name: "skill exp", type: "hard" }]
        }
      ],
      educations: [{ key: "key", title: "Developper", degree: "Developper", description: "Web Developpement" }],
      certifications: [{ name: "certificate" }],
      courses: [{ name: "course" }],
      tasks: [{ name: "task" }],
      skills: [
        { name: "manual skill", type: "hard" },
        { name: "Creative spirit", type: "soft" },
        { name: "Writing skills", type: "hard" },
        { name: "Communication", type: "soft" }
      ],
      tags: [{ name: "archive", value: "false" }],
      created_at: "2020-04-23T08:18:54.000Z",
      updated_at: "2020-07-24T14:17:34.000Z"
    })
    // "1969-12-31T23:59:59" is HrFlow's "no end date", not a date; empty links are no links.
    expect(unified.experiences?.[0]?.date_end).toBeUndefined()
    expect(unified.info?.urls).toBeUndefined()
    expect(unified.info?.phone).toBeUndefined()
    expect(unified.info?.location).toBeUndefined()
    expect(unified.educations?.[0]?.school).toBeUndefined()
    expect(unified.text).toContain("Mathematic Departement")
  })

  it("the SDK's full profile: every original field is kept", () => {
    const unified = profile(profiles.sdk)
    expect(unified).toMatchObject({
      id: "0c3f5d6a-2b7e-11ef-9a1c-0242ac120002",
      text_language: "en",
      info: {
        full_name: "Harry James Potter",
        email: "harry.potter@hogwarts.net",
        phone: "0747532699",
        phones: [{ value: "0747532699" }],
        date_birth: "1997-06-26T00:00:00+0000",
        urls: [{ type: "github", url: "https://github.com/Riminder" }],
        picture: "https://path.to/picture",
        location: { text: "Hogwarts", lat: 12.345678, lng: -87.654321 }
      },
      experiences_duration: 0.2493150684931507,
      educations_duration: 1,
      experiences: [
        {
          company: "Hogwarts School of Witchcraft and Wizardry",
          title: "Magic Investigator",
          logo: "https://path.to/logo",
          date_start: "2002-04-01T00:00:00",
          date_end: "2002-07-01T00:00:00",
          languages: [{ name: "English", value: "Fluent" }],
          interests: [{ name: "Levitation", value: "Amateur" }]
        }
      ],
      educations: [{ school: "Hogwarts School of Witchcraft and Wizardry", title: "Sorcerer Apprentice", date_end: "2002-12-01T00:00:00+0000" }],
      interests: [{ name: "Levitation", value: "Amateur" }],
      metadatas: [{ name: "Defeat the Basilisk" }],
      created_at: "2024-06-14T09:30:00.000Z"
    })
  })

  it("attachments and labels: epoch-millisecond label dates become ISO text", () => {
    const unified = profile(profiles.files)
    expect(unified.attachments).toEqual([
      {
        type: "resume",
        alt: "alt_resume",
        file_name: "resume",
        original_file_name: "resume",
        extension: ".pdf",
        file_size: 528305,
        public_url: "https://riminder-documents-eu-2019-12.s3-eu-west-1.amazonaws.com/resume.pdf",
        created_at: "2020-09-11T10:26:29.000Z",
        updated_at: "2020-09-11T10:26:29.000Z"
      }
    ])
    expect(unified.labels).toEqual([
      {
        board_key: "board_key",
        job_key: "job_key",
        job_reference: "job_reference",
        stage: "yes",
        date_stage: "2021-06-03T14:02:32.213Z",
        rating: 0.6,
        date_rating: "2021-06-03T14:02:32.213Z"
      }
    ])
  })

  it("native → unified → native returns each real record unchanged", () => {
    for (const record of Object.values(jobs)) expect(HrFlow.Mapping.fromUnified("job", job(record))).toEqual(record)
    for (const record of Object.values(profiles)) expect(HrFlow.Mapping.fromUnified("profile", profile(record))).toEqual(record)
  })

  it.scopedLive("served by the fake and pulled through the pipeline, every real record arrives", () =>
    Effect.gen(function* () {
      const { connector } = yield* setup("profile", Object.values(profiles))
      const target = Memory.make({ name: "target", schemas: connector.schemas })
      const result = yield* Pipeline.pull({
        resource: "profile",
        origin: connector,
        target,
        cursor: Cursor.make("updated_at"),
        batchSize: 10,
        formatter: (r) => r
      })
      expect(result.stats.errors).toEqual([])
      expect(result.stats).toMatchObject({ read: 3, written: 3, failed: 0 })
      const jobsRun = yield* setup("job", Object.values(jobs))
      const jobTarget = Memory.make({ name: "target", schemas: jobsRun.connector.schemas })
      const pulled = yield* Pipeline.pull({
        resource: "job",
        origin: jobsRun.connector,
        target: jobTarget,
        cursor: Cursor.make("created_at"),
        batchSize: 10,
        formatter: (r) => r
      })
      // Two of the reference's examples are the same job ("job_key"): the fake holds it once.
      expect(pulled.stats).toMatchObject({ read: 3, written: 3, failed: 0 })
    })
  )
})

/** A generated record as JSON can carry it (no NaN or Infinity). */
const asJson = <A>(record: A): A => JSON.parse(JSON.stringify(record)) as A

/** Renames what HrFlow keeps in reserved places, so that a generated record is one HrFlow can hold. */
const reserved = (name: string, taken: ReadonlyArray<string>) => (taken.includes(name) ? `${name} (tag)` : name)

const holdsBoth = ["id", "reference", "tags", "skills", "languages", "certifications", "courses", "tasks", "metadatas", "created_at"]

const jobHolds = [
  ...holdsBoth,
  "name",
  "url",
  "picture",
  "summary",
  "text",
  "location.text",
  "location.lat",
  "location.lng",
  "location.fields",
  "location.city",
  "location.region",
  "location.country",
  "location.postal_code",
  "location.street",
  "sections",
  "culture",
  "benefits",
  "responsibilities",
  "requirements",
  "interviews",
  "ranges_float",
  "ranges_date",
  "status",
  "employment_type",
  "company",
  "remote",
  "departments.name",
  "requisition_id",
  "apply_url",
  "published_at",
  "closes_at",
  "archived_at"
]

const periodPaths = (list: string) =>
  [
    "key",
    "logo",
    "title",
    "description",
    "location.text",
    "location.lat",
    "location.lng",
    "location.fields",
    "date_start",
    "date_end",
    "skills",
    "certifications",
    "courses",
    "tasks",
    "languages",
    "interests"
  ].map((p) => `${list}.${p}`)

const profileHolds = [
  ...holdsBoth,
  "info.full_name",
  "info.first_name",
  "info.last_name",
  "info.email",
  "info.phone",
  "info.date_birth",
  "info.picture",
  "info.gender",
  "info.summary",
  "info.urls",
  "info.location.text",
  "info.location.lat",
  "info.location.lng",
  "info.location.fields",
  "text_language",
  "text",
  "experiences_duration",
  "educations_duration",
  ...periodPaths("experiences"),
  "experiences.company",
  ...periodPaths("educations"),
  "educations.school",
  "attachments",
  "interests",
  "labels",
  "archived_at"
]

/** Null and absent are the same to HrFlow, inside lists too. */
const withoutNulls = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.filter((v) => v != null).map(withoutNulls)
    : typeof value === "object" && value !== null
      ? Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v == null ? [] : [[k, withoutNulls(v)]])))
      : value

const isEmpty = (value: unknown): boolean =>
  value == null || value === "" || (Array.isArray(value) ? value.every(isEmpty) : typeof value === "object" && Object.keys(value).length === 0)

/** HrFlow keeps timestamps to the second. */
const equivalent = (path: string, expected: unknown, actual: unknown): boolean => {
  if (isEmpty(expected) && isEmpty(actual)) return true
  const second = (v: unknown) => (typeof v === "string" ? Math.floor(Date.parse(v) / 1000) : v)
  if (["created_at", "archived_at", "published_at", "closes_at"].includes(path)) return second(expected) === second(actual)
  return RoundTrip.sameValue(withoutNulls(expected), withoutNulls(actual))
}

describe("HrFlow.ai unified round trip", () => {
  it.scopedLive("job: every unified field HrFlow holds comes back", () =>
    Effect.gen(function* () {
      const { connector } = yield* setup("job", [])
      const found = RoundTrip.check({
        connector,
        resource: "job",
        holds: jobHolds,
        equivalent,
        prepare: (record) => {
          const job = asJson(record as Unified.UnifiedJob)
          const reference = job.reference ?? job.id
          const { key: _key, salary, ...rest } = job
          return {
            ...rest,
            id: reference,
            reference,
            // The salary is the range named "salary": generated both ways, keep one.
            ...(job.ranges_float?.some((r) => r.name?.toLowerCase() === "salary") || salary === undefined ? {} : { salary }),
            tags: job.tags?.map((t) => ({ ...t, name: reserved(t.name, HrFlow.Mapping.reservedJobTags) })),
            sections: job.sections?.map((s) => ({ ...s, name: s.name === "description" ? "description (section)" : s.name }))
          } as Unified.UnifiedJob
        }
      })
      expect(found).toBeUndefined()
    })
  )

  it.scopedLive("profile: every unified field HrFlow holds comes back", () =>
    Effect.gen(function* () {
      const { connector } = yield* setup("profile", [])
      const found = RoundTrip.check({
        connector,
        resource: "profile",
        holds: profileHolds,
        equivalent,
        prepare: (record) => {
          const { key: _key, ...profile } = asJson(record as Unified.UnifiedProfile)
          const reference = profile.reference ?? profile.id
          return { ...profile, id: reference, reference } as Unified.UnifiedProfile
        }
      })
      expect(found).toBeUndefined()
    })
  )
})
