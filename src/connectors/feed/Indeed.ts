/**
 * The Indeed XML feed target (`indeed:path.xml`): `<source>` with `publisher`, `publisherurl`,
 * `lastBuildDate` and one `<job>` per listed job.
 *
 * Indeed expects the feed to list every open job, so the feed is a keyed set (by job id) that lives
 * across runs: the full set of jobs is kept as JSON Lines in a state file next to the feed
 * (`<path>.jsonl`, one unified job per line, the origin's `payload` left out). Each commit merges the
 * run's changes into it (updates in place, new jobs at the end, archived jobs out) and rebuilds the
 * whole feed from it; both files are written to temporary files and renamed, the state file first.
 * The state file is the source of truth: a crash between the two renames is repaired by the next
 * commit. A feed found without its state file is refused rather than silently cut down to one run.
 *
 * Dates (`date`, `lastBuildDate`) are RFC 1123 in GMT (`Mon, 15 Jan 2024 09:30:00 GMT`, the form of
 * Indeed's long-standing examples); `dateFormat: "iso8601"` writes `2024-01-15T09:30:00Z`, which
 * Indeed's current reference recommends. Text is XML-escaped; the description is a CDATA section.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Scope from "effect/Scope"
import { mkdir, rename, rm } from "node:fs/promises"
import { dirname } from "node:path"
import { ConfigError, DecodeError } from "../../core/ConnectorError.js"
import type * as Registry from "../../core/Registry.js"
import * as Unified from "../../core/Unified.js"
import * as Target from "./Target.js"
import * as Xml from "./Xml.js"

/** How dates are written. */
export type DateFormat = "rfc1123" | "iso8601"

/** What the feed says about its publisher and how it writes dates. */
export interface FeedOptions {
  /** `<publisher>`: the name of the site or ATS publishing the jobs (omitted when not given). */
  readonly publisher?: string
  /** `<publisherurl>` (omitted when not given). */
  readonly publisherUrl?: string
  /** Default `rfc1123`. */
  readonly dateFormat?: DateFormat
}

/** Options of the Indeed feed target. */
export interface Options extends FeedOptions {
  /** The feed file. */
  readonly path: string
  /** The file keeping the full job set between runs (default `<path>.jsonl`). */
  readonly statePath?: string
  /** Connector name in messages and pipeline ids (default `indeed:<path>`). */
  readonly name?: string
}

/** The URI scheme. */
export const scheme = "indeed:"

/** Whether a string is an `indeed:` URI. */
export const isIndeedUri = (uri: string): boolean => uri.startsWith(scheme)

/** Writes an instant (epoch ms) in the chosen form. */
export const formatDate = (ms: number, format: DateFormat = "rfc1123"): string =>
  format === "rfc1123" ? new Date(ms).toUTCString() : new Date(ms).toISOString().replace(/\.000Z$/, "Z")

/** Indeed's `jobtype` values; employment types Indeed has no word for are left out. */
export const jobTypes: Partial<Record<Unified.EmploymentType, string>> = {
  full_time: "fulltime",
  part_time: "parttime",
  contract: "contract",
  temporary: "temporary",
  internship: "internship"
}

/** The salary as Indeed's free text, e.g. `USD 50000 - 70000 per year`; undefined without an amount (a completed job's `salary` is its `ranges_float` entry named `salary`). */
export const salaryText = (salary: Unified.UnifiedJob["salary"]): string | undefined => {
  const min = salary?.min ?? undefined
  const max = salary?.max ?? undefined
  if (min === undefined && max === undefined) return undefined
  const currency = Target.hasText(salary?.currency) ? `${salary.currency} ` : ""
  const amount =
    min !== undefined && max !== undefined
      ? min === max
        ? `${currency}${min}`
        : `${currency}${min} - ${max}`
      : min !== undefined
        ? `from ${currency}${min}`
        : `up to ${currency}${max}`
  return salary?.period ? `${amount} per ${salary.period}` : amount
}

/** The required Indeed fields a job lacks, each with the unified fields it comes from (`location.city` may come from `location.fields`). */
export const missingFields = (input: Unified.UnifiedJob): ReadonlyArray<string> => {
  const job = Unified.completeJob(input)
  return Target.missingOf([
    ["title (name)", Target.hasText(job.name)],
    ["date (published_at or created_at)", Target.postedAt(job) !== undefined],
    ["referencenumber (id)", Target.hasText(job.id)],
    ["url (url or apply_url)", Target.firstText(job.url, job.apply_url) !== undefined],
    ["company", Target.hasText(job.company)],
    // A remote job has no city to give; the country it hires in is still required.
    ["city (location.city)", Target.isRemote(job) || Target.hasText(job.location?.city)],
    ["country (location.country)", Target.hasText(job.location?.country)],
    ["description (text or summary)", Target.firstText(job.text, job.summary) !== undefined]
  ])
}

const indent = "    "

/** The `<job>` element of a job (completed: the salary may be its `ranges_float` entry), or the required fields it lacks. */
export const renderJob = (input: Unified.UnifiedJob, dateFormat: DateFormat = "rfc1123"): Either.Either<string, ReadonlyArray<string>> => {
  const job = Unified.completeJob(input)
  const missing = missingFields(job)
  if (missing.length > 0) return Either.left(missing)
  const optional = (name: string, value: string | null | undefined) => (Target.hasText(value) ? [Xml.element(name, value)] : [])
  const location = job.location ?? {}
  const children = [
    Xml.element("title", job.name),
    Xml.element("date", formatDate(Target.postedAt(job)!.ms, dateFormat)),
    Xml.element("referencenumber", job.id),
    ...optional("requisitionid", Target.firstText(job.requisition_id, job.reference)),
    Xml.element("url", Target.firstText(job.url, job.apply_url)!),
    Xml.element("company", job.company!),
    ...optional("city", location.city),
    ...optional("state", location.region),
    Xml.element("country", location.country!),
    ...optional("postalcode", location.postal_code),
    Xml.cdataElement("description", Target.firstText(job.text, job.summary)!),
    ...optional("salary", salaryText(job.salary)),
    ...optional("jobtype", job.employment_type && jobTypes[job.employment_type])
  ]
  return Either.right(`  <job>\n${children.map((c) => `${indent}${c}\n`).join("")}  </job>\n`)
}

/** The start of the feed document, up to the first job. */
export const header = (options: FeedOptions, now: number): string =>
  [
    `${Xml.declaration}\n<source>\n`,
    Target.hasText(options.publisher) ? `  ${Xml.element("publisher", options.publisher)}\n` : "",
    Target.hasText(options.publisherUrl) ? `  ${Xml.element("publisherurl", options.publisherUrl)}\n` : "",
    `  ${Xml.element("lastBuildDate", formatDate(now, options.dateFormat))}\n`
  ].join("")

/** The end of the feed document. */
export const footer = "</source>\n"

/** The whole feed for these jobs, built at `now` (epoch ms); jobs lacking required fields are left out. */
export const renderFeed = (jobs: Iterable<Unified.UnifiedJob>, options: FeedOptions, now: number): string => {
  let body = ""
  for (const job of jobs) {
    const rendered = renderJob(job, options.dateFormat)
    if (Either.isRight(rendered)) body += rendered.right
  }
  return header(options, now) + body + footer
}

/** The state file's jobs, each checked to be a job with an id (the file is ours: anything else is corruption). */
async function* storedJobs(connector: string, statePath: string): AsyncGenerator<Unified.UnifiedJob> {
  for await (const { line, text } of Target.lines(statePath)) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (e) {
      throw new DecodeError({ connector, reason: `${statePath} line ${line}: malformed JSON (${(e as Error).message})` })
    }
    if (value === null || typeof value !== "object" || typeof (value as { id?: unknown }).id !== "string") {
      throw new DecodeError({ connector, reason: `${statePath} line ${line}: expected a job with a string id` })
    }
    yield Target.upgradeStored(value as Record<string, unknown>)
  }
}

/** The store: the state file (the full set) and the feed rebuilt from it. */
const store = (name: string, path: string, statePath: string, feed: FeedOptions): Target.Store => ({
  ids: Effect.tryPromise({
    try: async () => {
      const ids: Array<string> = []
      if (!(await Target.exists(statePath))) {
        if (await Target.exists(path)) {
          throw new ConfigError({
            connector: name,
            field: "state",
            reason:
              `the feed ${path} exists but the file keeping its full job list, ${statePath}, does not: ` +
              "writing now would drop every job not in this run. Restore it, or delete the feed and pull every job again"
          })
        }
        return ids
      }
      for await (const job of storedJobs(name, statePath)) ids.push(job.id)
      return ids
    },
    catch: Target.ioError(name, "cannot read", statePath)
  }),
  apply: (changes, now) =>
    Effect.tryPromise({
      try: async () => {
        await mkdir(dirname(path), { recursive: true })
        async function* merged() {
          const rest = new Map(changes)
          for await (const job of storedJobs(name, statePath)) {
            const change = rest.get(job.id)
            rest.delete(job.id)
            const current = change === undefined ? job : change._tag === "upsert" ? change.job : undefined
            if (current) yield `${JSON.stringify(current)}\n`
          }
          for (const change of rest.values()) if (change._tag === "upsert") yield `${JSON.stringify(change.job)}\n`
        }
        const newState = await Target.writeTemporary(statePath, merged())
        let newFeed: string | undefined
        try {
          async function* document() {
            yield header(feed, now)
            for await (const job of storedJobs(name, newState)) {
              const rendered = renderJob(job, feed.dateFormat)
              if (Either.isRight(rendered)) yield rendered.right
            }
            yield footer
          }
          newFeed = await Target.writeTemporary(path, document())
          await rename(newState, statePath)
          await rename(newFeed, path)
        } catch (e) {
          await rm(newState, { force: true })
          if (newFeed) await rm(newFeed, { force: true })
          throw e
        }
      },
      catch: Target.ioError(name, "cannot write", path)
    })
})

/** Builds the Indeed feed target; its scope publishes what was written on success and drops it on failure. */
export const make = (options: Options): Effect.Effect<Target.FeedTarget, never, Scope.Scope> => {
  const name = options.name ?? `${scheme}${options.path}`
  const feed: FeedOptions = {
    ...(options.publisher !== undefined ? { publisher: options.publisher } : {}),
    ...(options.publisherUrl !== undefined ? { publisherUrl: options.publisherUrl } : {}),
    dateFormat: options.dateFormat ?? "rfc1123"
  }
  return Target.make({
    name,
    label: "Indeed XML feed",
    format: "Indeed",
    missing: missingFields,
    store: store(name, options.path, options.statePath ?? `${options.path}.jsonl`, feed)
  })
}

const dateFormatOf = (connector: string, value: unknown): Either.Either<DateFormat | undefined, ConfigError> =>
  value === undefined || value === "rfc1123" || value === "iso8601"
    ? Either.right(value)
    : Either.left(new ConfigError({ connector, field: "date_format", reason: `expected rfc1123 or iso8601, got ${JSON.stringify(value)}` }))

const textOf = (connector: string, field: string, value: unknown): Either.Either<string | undefined, ConfigError> =>
  value === undefined || typeof value === "string" ? Either.right(value) : Either.left(new ConfigError({ connector, field, reason: "expected text" }))

/**
 * Parses `indeed:path.xml` with optional `?publisher=`, `&publisherurl=` and `&date_format=rfc1123|iso8601`;
 * `overrides` (an auth payload: `publisher`, `publisher_url`, `date_format`) win over the query.
 */
export const parseUri = (uri: string, overrides: Readonly<Record<string, unknown>> = {}): Either.Either<Options, ConfigError> =>
  Either.gen(function* () {
    const name = uri.split("?")[0]!
    const { path, query } = yield* Target.parseUri(uri, scheme, "indeed:PATH.xml")
    if (!/\.xml$/i.test(path)) {
      return yield* Either.left(new ConfigError({ connector: name, field: "uri", reason: "the feed file name must end in .xml" }))
    }
    const publisher = yield* textOf(name, "publisher", overrides.publisher ?? query.get("publisher") ?? undefined)
    const publisherUrl = yield* textOf(name, "publisher_url", overrides.publisher_url ?? query.get("publisherurl") ?? undefined)
    const dateFormat = yield* dateFormatOf(name, overrides.date_format ?? query.get("date_format") ?? undefined)
    return {
      path,
      name,
      ...(publisher !== undefined ? { publisher } : {}),
      ...(publisherUrl !== undefined ? { publisherUrl } : {}),
      ...(dateFormat !== undefined ? { dateFormat } : {})
    }
  })

/** Builds the Indeed feed target from an `indeed:` URI. */
export const makeFromUri = (uri: string, overrides: Readonly<Record<string, unknown>> = {}): Effect.Effect<Target.FeedTarget, ConfigError, Scope.Scope> =>
  Effect.flatMap(parseUri(uri, overrides), make)

/** Resolves `indeed:` URIs for the registry; auth may set `publisher`, `publisher_url` and `date_format`. */
export const resolver: Registry.UriResolver = {
  scheme,
  schemas: { job: Unified.UnifiedJob, profile: Unified.UnifiedProfile },
  matches: isIndeedUri,
  make: makeFromUri
}
