/**
 * The schema.org `JobPosting` JSON-LD target (`jsonld:DIRECTORY`), for Google for Jobs: one document
 * per job, `<directory>/<id>.json`, ready to embed in the job's page inside
 * `<script type="application/ld+json">`.
 *
 * The directory is the keyed set: writing a job replaces its document, archiving a job (or writing
 * one that is no longer open) deletes it. At commit each changed document is written to a temporary
 * file and renamed over its name, so every document is either the old one or the new one, never a
 * part; a run that fails before the commit changes nothing. Ids are percent-encoded into file names
 * (`/` becomes `%2F`, a leading `.` `%2E`); ids differing only by letter case collide on
 * case-insensitive file systems. `<` is written as `\u003c` so that a description holding
 * `</script>` cannot end the embedding script element; the JSON means the same.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Scope from "effect/Scope"
import { mkdir, readdir, rm } from "node:fs/promises"
import { join } from "node:path"
import { ConfigError } from "../../core/ConnectorError.js"
import type * as Registry from "../../core/Registry.js"
import * as Unified from "../../core/Unified.js"
import * as Target from "./Target.js"

/** Options of the JSON-LD target. */
export interface Options {
  /** The directory holding one `<id>.json` document per job. */
  readonly directory: string
  /** Connector name in messages and pipeline ids (default `jsonld:<directory>`). */
  readonly name?: string
}

/** The URI scheme. */
export const scheme = "jsonld:"

/** Whether a string is a `jsonld:` URI. */
export const isJsonLdUri = (uri: string): boolean => uri.startsWith(scheme)

/** schema.org `employmentType` values of the unified employment types. */
export const employmentTypes: Record<Unified.EmploymentType, string> = {
  full_time: "FULL_TIME",
  part_time: "PART_TIME",
  contract: "CONTRACTOR",
  temporary: "TEMPORARY",
  internship: "INTERN",
  volunteer: "VOLUNTEER",
  per_diem: "PER_DIEM",
  other: "OTHER"
}

/** A schema.org `JobPosting` document. */
export type JobPosting = { readonly "@context": "https://schema.org"; readonly "@type": "JobPosting" } & {
  readonly [key: string]: unknown
}

const hasAddress = (location: Unified.Location | undefined): boolean =>
  [location?.street, location?.city, location?.region, location?.postal_code, location?.country].some(Target.hasText)

/** The required `JobPosting` properties a job lacks, each with the unified fields it comes from. */
export const missingFields = (input: Unified.UnifiedJob): ReadonlyArray<string> => {
  const job = Unified.completeJob(input)
  return Target.missingOf([
    ["title (name)", Target.hasText(job.name)],
    ["description (text or summary)", Target.firstText(job.text, job.summary) !== undefined],
    ["datePosted (published_at or created_at)", Target.postedAt(job) !== undefined],
    ["hiringOrganization.name (company)", Target.hasText(job.company)],
    ["jobLocation (location) or jobLocationType TELECOMMUTE (remote)", Target.isRemote(job) || hasAddress(job.location)]
  ])
}

/** Keeps the entries whose value is present (not undefined). */
const compact = (entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> =>
  Object.fromEntries(entries.filter(([, value]) => value !== undefined))

const text = (value: string | null | undefined): string | undefined => (Target.hasText(value) ? value : undefined)

/** The `JobPosting` document of a job, or the required properties it lacks. */
export const jobPosting = (input: Unified.UnifiedJob): Either.Either<JobPosting, ReadonlyArray<string>> => {
  // Completed: address parts may come from `location.fields`, the salary from `ranges_float`.
  const job = Unified.completeJob(input)
  const missing = missingFields(job)
  if (missing.length > 0) return Either.left(missing)
  const location = job.location ?? {}
  const remote = Target.isRemote(job)
  const salary = job.salary
  const hasAmount = salary?.min != null || salary?.max != null
  return Either.right({
    "@context": "https://schema.org",
    "@type": "JobPosting",
    ...compact([
      ["title", job.name],
      ["description", Target.firstText(job.text, job.summary)],
      ["identifier", { "@type": "PropertyValue", name: job.company, value: job.id }],
      ["datePosted", Target.postedAt(job)!.text],
      ["validThrough", text(job.closes_at)],
      ["employmentType", job.employment_type && employmentTypes[job.employment_type]],
      ["hiringOrganization", { "@type": "Organization", name: job.company }],
      [
        "jobLocation",
        hasAddress(location)
          ? {
              "@type": "Place",
              address: {
                "@type": "PostalAddress",
                ...compact([
                  ["streetAddress", text(location.street)],
                  ["addressLocality", text(location.city)],
                  ["addressRegion", text(location.region)],
                  ["postalCode", text(location.postal_code)],
                  ["addressCountry", text(location.country)]
                ])
              },
              ...(typeof location.lat === "number" && typeof location.lng === "number"
                ? { geo: { "@type": "GeoCoordinates", latitude: location.lat, longitude: location.lng } }
                : {})
            }
          : undefined
      ],
      ["jobLocationType", remote ? "TELECOMMUTE" : undefined],
      // Google asks remote postings for the countries applicants may live in.
      ["applicantLocationRequirements", remote && Target.hasText(location.country) ? { "@type": "Country", name: location.country } : undefined],
      [
        "baseSalary",
        hasAmount && Target.hasText(salary?.currency)
          ? {
              "@type": "MonetaryAmount",
              currency: salary.currency,
              value: {
                "@type": "QuantitativeValue",
                ...compact([
                  ["minValue", salary.min ?? undefined],
                  ["maxValue", salary.max ?? undefined],
                  ["unitText", salary.period?.toUpperCase()]
                ])
              }
            }
          : undefined
      ],
      ["url", text(job.url) ?? text(job.apply_url)]
    ])
  } as JobPosting)
}

/** A document as written: two-space indented JSON with `<` escaped, and a final newline. */
export const serialize = (document: JobPosting): string => `${JSON.stringify(document, null, 2).replaceAll("<", "\\u003c")}\n`

const MAX_FILE_NAME = 250

/** The file name of a job's document: its id percent-encoded (a leading `.` too), plus `.json`. */
export const fileName = (id: string): string => `${encodeURIComponent(id).replace(/^\./, "%2E")}.json`

/** The job id of a document file name, or undefined for files that are not documents. */
export const idOfFileName = (file: string): string | undefined => {
  if (!file.endsWith(".json") || file.startsWith(".")) return undefined
  try {
    return decodeURIComponent(file.slice(0, -".json".length))
  } catch {
    return undefined
  }
}

const store = (name: string, directory: string): Target.Store => ({
  ids: Effect.tryPromise({
    try: async () => {
      if (!(await Target.exists(directory))) return []
      return (await readdir(directory)).flatMap((file) => {
        const id = idOfFileName(file)
        return id === undefined ? [] : [id]
      })
    },
    catch: Target.ioError(name, "cannot list", directory)
  }),
  apply: (changes) =>
    Effect.gen(function* () {
      yield* Effect.tryPromise({ try: () => mkdir(directory, { recursive: true }), catch: Target.ioError(name, "cannot create", directory) })
      // Each document is its own atomic replacement, so they can go in parallel (fsync dominates).
      yield* Effect.forEach(
        changes,
        ([id, change]) => {
          const path = join(directory, fileName(id))
          return Effect.tryPromise({
            try: () =>
              change._tag === "remove" ? rm(path, { force: true }) : Target.writeAtomically(path, serialize(Either.getOrThrow(jobPosting(change.job)))),
            catch: Target.ioError(name, change._tag === "remove" ? "cannot delete" : "cannot write", path)
          })
        },
        { concurrency: 16, discard: true }
      )
    })
})

/** Builds the JSON-LD target; its scope publishes what was written on success and drops it on failure. */
export const make = (options: Options): Effect.Effect<Target.FeedTarget, never, Scope.Scope> => {
  const name = options.name ?? `${scheme}${options.directory}`
  return Target.make({
    name,
    label: "schema.org JobPosting JSON-LD",
    format: "JobPosting",
    missing: missingFields,
    rejectId: (id) =>
      id === ""
        ? "an empty id has no file name"
        : fileName(id).length > MAX_FILE_NAME
          ? `the id is too long for a file name (${fileName(id).length} characters encoded, at most ${MAX_FILE_NAME})`
          : undefined,
    store: store(name, options.directory)
  })
}

/** Parses `jsonld:DIRECTORY`. */
export const parseUri = (uri: string): Either.Either<Options, ConfigError> =>
  Either.flatMap(Target.parseUri(uri, scheme, "jsonld:DIRECTORY"), ({ path }) =>
    /\.(json|jsonld)$/i.test(path)
      ? Either.left(
          new ConfigError({
            connector: uri.split("?")[0]!,
            field: "uri",
            reason: "a jsonld: target is a directory holding one <id>.json document per job, not a .json file"
          })
        )
      : Either.right({ directory: path, name: uri.split("?")[0]! })
  )

/** Builds the JSON-LD target from a `jsonld:` URI. */
export const makeFromUri = (uri: string): Effect.Effect<Target.FeedTarget, ConfigError, Scope.Scope> => Effect.flatMap(parseUri(uri), make)

/** Resolves `jsonld:` URIs for the registry (no auth keys). */
export const resolver: Registry.UriResolver = {
  scheme,
  schemas: { job: Unified.UnifiedJob, profile: Unified.UnifiedProfile },
  matches: isJsonLdUri,
  make: (uri) => makeFromUri(uri)
}
