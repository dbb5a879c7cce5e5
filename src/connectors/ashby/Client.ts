/**
 * Ashby's API through the shared vendor client. Every call is a `POST` with a JSON body:
 * - `/job.list`, `/candidate.list` with `{ limit (≤ 100), cursor?, syncToken? }` (jobs also with every
 *   `status`: without it Ashby leaves drafts out) →
 *   `{ success, results, moreDataAvailable, nextCursor, syncToken }`, paged by `nextCursor` while
 *   `moreDataAvailable`; the final page carries the `syncToken` that returns only changes next time;
 * - `/job.info`, `/candidate.info` `{ id }` to fetch one record;
 * - joins: a page of jobs gets each job's primary posting — `/jobPosting.list` (the postings of the
 *   primary external job board, listed and unlisted, read once per read) joined by `jobId`, then
 *   `/jobPosting.info` `{ jobPostingId }` for its description, address and compensation tiers (one call
 *   per job that has a posting: the list has none of these). A page of candidates gets their
 *   applications from `/application.list` (every status, read once per read, grouped by
 *   `candidate.id`): it has no candidate filter, and `createdAfter` cannot bound it by the candidates'
 *   creation (an application's `createdAt` may be set earlier on import). Neither join is read when no
 *   record of the page has a posting or an application id;
 * - `/candidate.update` `{ candidateId, ... }` and `/candidate.create` `{ name, email?, ... }`.
 * Failures inside an HTTP 200 (`success: false`) become typed errors (Envelope.ts).
 *
 * Sync tokens: a read sends the cursor's `token` as `syncToken` and hands the final page's token to
 * `onToken` (the pipeline keeps it in the checkpoint) and to `latestToken`. The token is withheld when
 * the read saw a record past the run's `until`: the pipeline leaves such records for the next run,
 * and a token taken after them would never return them. An expired token (`sync_token_expired`, after
 * about a month unused) falls back to a full read, once, on the first page only.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Connector from "../../core/Connector.js"
import { type ConfigError, type ConnectorError, Unsupported } from "../../core/ConnectorError.js"
import * as Cursor from "../../core/Cursor.js"
import * as Metadata from "../../core/Metadata.js"
import * as Postfilter from "../../core/Postfilter.js"
import type { Resource } from "../../core/Resource.js"
import * as Auth from "../../http/Auth.js"
import * as ConnectorConfig from "../../http/ConnectorConfig.js"
import * as HttpConnector from "../../http/HttpConnector.js"
import * as Paging from "../../http/Paging.js"
import type * as VendorHttp from "../../http/VendorHttp.js"
import * as Config from "./Config.js"
import * as Envelope from "./Envelope.js"
import * as Schemas from "./Schemas.js"

/** Largest `limit` the list endpoints serve. */
export const maxPageSize = 100

const endpoints = {
  job: { list: "/job.list", info: "/job.info" },
  profile: { list: "/candidate.list", info: "/candidate.info" }
} as const

/** Read per page to join: postings and applications. */
const joinEndpoints = { postings: "/jobPosting.list", posting: "/jobPosting.info", applications: "/application.list" } as const

/** How many `jobPosting.info` calls run at once for a page of jobs. */
const postingConcurrency = 4

/** `jobPosting.info` parts that serve a careers page (forms, SEO data), not a job record. */
const careersPageOnly = ["applicationFormDefinition", "surveyFormDefinitions", "linkedData"] as const

/** Ashby's API. */
export interface Client extends HttpConnector.Client {
  /** Raw records, one chunk per page, filtered by `where`; the final sync token goes to `onToken`. */
  readonly list: HttpConnector.Client["list"]
  /** The sync token of the last complete read of each resource (what `onToken` was given). */
  readonly latestToken: (resource: Resource) => Effect.Effect<Option.Option<string>>
  /** Updates candidates by id, creating those Ashby does not know; one outcome per record. */
  readonly upsertCandidates: HttpConnector.WriteBatch
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined)

const linkOf = (record: Connector.NativeRecord, ...types: ReadonlyArray<string>): string | undefined => {
  const links = Array.isArray(record.socialLinks) ? record.socialLinks : []
  const found = links.find((l) => isRecord(l) && typeof l.type === "string" && types.includes(l.type.toLowerCase()))
  return isRecord(found) ? text(found.url) : undefined
}

const contactOf = (record: Connector.NativeRecord, primary: string, all: string): string | undefined => {
  const first = record[primary]
  if (isRecord(first) && text(first.value)) return text(first.value)
  const list = Array.isArray(record[all]) ? (record[all] as ReadonlyArray<unknown>) : []
  const entry = list.find((c) => isRecord(c) && text(c.value) !== undefined)
  return isRecord(entry) ? text(entry.value) : undefined
}

const locationOf = (record: Connector.NativeRecord): Record<string, string> | undefined => {
  const location = record.location
  if (!isRecord(location) || !Array.isArray(location.locationComponents)) return undefined
  const out: Record<string, string> = {}
  for (const component of location.locationComponents) {
    if (!isRecord(component) || typeof component.name !== "string" || typeof component.type !== "string") continue
    const key = component.type.toLowerCase()
    if (key === "city" || key === "region" || key === "country") out[key] = component.name
  }
  return Object.keys(out).length === 0 ? undefined : out
}

/** The `/candidate.create` body of a native candidate (the fields Ashby takes on create). */
export const createBody = (record: Connector.NativeRecord): Record<string, unknown> => {
  const body: Record<string, unknown> = { name: record.name }
  const fields: ReadonlyArray<readonly [string, string | Record<string, string> | undefined]> = [
    ["email", contactOf(record, "primaryEmailAddress", "emailAddresses")],
    ["phoneNumber", contactOf(record, "primaryPhoneNumber", "phoneNumbers")],
    ["linkedInUrl", linkOf(record, "linkedin")],
    ["githubUrl", linkOf(record, "github")],
    ["website", linkOf(record, "website", "personal", "portfolio")],
    ["location", locationOf(record)]
  ]
  for (const [key, value] of fields) if (value !== undefined) body[key] = value
  return body
}

/** The `/candidate.update` body of a native candidate (`website` is `websiteUrl` there). */
export const updateBody = (id: string, record: Connector.NativeRecord): Record<string, unknown> => {
  const { location: _location, website, ...rest } = createBody(record)
  return { candidateId: id, ...rest, ...(website !== undefined ? { websiteUrl: website } : {}) }
}

/** Whether a record may have ids in `field` (a missing list may hide some; an empty one has none). */
const mayHaveIds = (record: Connector.NativeRecord, field: string): boolean =>
  !Array.isArray(record[field]) || (record[field] as ReadonlyArray<unknown>).length > 0

/** The page cursor as a body field. */
const cursorBody = (cursor: Option.Option<string>) => Option.match(cursor, { onNone: () => ({}), onSome: (c) => ({ cursor: c }) })

const cursorKey = (cursor: Option.Option<string>) => Option.match(cursor, { onNone: () => "first page", onSome: (c) => `cursor=${c}` })

/** The next page's cursor: `nextCursor` while `moreDataAvailable` (a list without them is one page). */
const nextPage = (response: VendorHttp.Response): Option.Option<Option.Option<string>> => {
  const body = isRecord(response.body) ? response.body : {}
  const next = body.moreDataAvailable === true ? text(body.nextCursor) : undefined
  return next === undefined ? Option.none() : Option.some(Option.some(next))
}

const stampOf = (record: Record<string, unknown>): number =>
  Metadata.parseInstant(text(record.updatedAt) ?? text(record.createdAt) ?? "") ?? Number.NEGATIVE_INFINITY

/** A job's primary posting among its postings: the first listed one, else the first. */
const primaryPosting = (postings: ReadonlyArray<Record<string, unknown>> | undefined) => postings?.find((p) => p.isListed === true) ?? postings?.[0]

/** Builds the client. */
export const make = (config: Config.Config): Effect.Effect<Client, ConfigError, Scope.Scope> =>
  Effect.gen(function* () {
    const http = yield* ConnectorConfig.makeHttp(config, {
      connector: Config.name,
      defaultBaseUrl: Config.defaultBaseUrl,
      auth: Auth.basic(config.api_key),
      rateLimit: config.rate_limit
    })
    const tokens = yield* Ref.make<Readonly<Record<Resource, Option.Option<string>>>>({ job: Option.none(), profile: Option.none() })

    /** A POST whose envelope must say `success`; lists and lookups are reads, so they are retried. */
    const call = (path: string, body: Record<string, unknown>, idempotent: boolean) =>
      http.request("POST", path, { body, idempotent }).pipe(Effect.flatMap(Envelope.ensure(path, http.scrub)))

    /** Every record of a list call, following `nextCursor`. */
    const collect = (path: string, body: Record<string, unknown>) =>
      Paging.paginate(http, Option.none<string>(), {
        items: "results",
        key: cursorKey,
        fetch: (cursor) => call(path, { ...body, ...cursorBody(cursor) }, true),
        advance: nextPage
      }).pipe(
        Stream.runCollect,
        Effect.map((all) => Chunk.toReadonlyArray(all).filter(isRecord))
      )

    /** The postings of the primary external job board (listed and unlisted) by job id. */
    const postingsByJob = Effect.map(collect(joinEndpoints.postings, { listedOnly: false }), (postings) => {
      const byJob = new Map<string, Array<Record<string, unknown>>>()
      for (const posting of postings) {
        const jobId = text(posting.jobId)
        if (jobId !== undefined) byJob.set(jobId, [...(byJob.get(jobId) ?? []), posting])
      }
      return byJob
    })

    /** Every application (all statuses) by candidate id, most recently updated first, without its `candidate`. */
    const applicationsByCandidate = Effect.map(collect(joinEndpoints.applications, { limit: maxPageSize }), (applications) => {
      const byCandidate = new Map<string, Array<Record<string, unknown>>>()
      for (const { candidate, ...application } of applications) {
        const candidateId = isRecord(candidate) ? text(candidate.id) : undefined
        if (candidateId !== undefined) byCandidate.set(candidateId, [...(byCandidate.get(candidateId) ?? []), application])
      }
      for (const list of byCandidate.values()) list.sort((a, b) => stampOf(b) - stampOf(a))
      return byCandidate
    })

    /** A posting with its details; the list's summary alone when Ashby no longer knows it. */
    const withDetails = (posting: Record<string, unknown>) =>
      call(joinEndpoints.posting, { jobPostingId: posting.id }, true).pipe(
        Effect.map((response) => {
          const details = isRecord(response.body) && isRecord(response.body.results) ? { ...response.body.results } : {}
          for (const key of careersPageOnly) delete details[key]
          return { ...posting, ...details }
        }),
        Effect.catchTag("NotFound", () => Effect.succeed(posting))
      )

    type Join = (records: Chunk.Chunk<Connector.NativeRecord>) => Effect.Effect<Chunk.Chunk<Connector.NativeRecord>, ConnectorError>

    /** The join of a resource's pages; its list call is made once, on the first page that needs it. */
    const joinFor = (resource: Resource): Effect.Effect<Join> =>
      resource === "job"
        ? Effect.map(
            Effect.cached(postingsByJob),
            (postings): Join =>
              (jobs) =>
                !Chunk.some(jobs, (job) => mayHaveIds(job, "jobPostingIds"))
                  ? Effect.succeed(jobs)
                  : Effect.flatMap(postings, (byJob) =>
                      Effect.forEach(
                        jobs,
                        (job) => {
                          const posting = primaryPosting(byJob.get(String(job.id)))
                          return posting === undefined ? Effect.succeed(job) : Effect.map(withDetails(posting), (jobPosting) => ({ ...job, jobPosting }))
                        },
                        { concurrency: postingConcurrency }
                      ).pipe(Effect.map(Chunk.unsafeFromArray))
                    )
          )
        : Effect.map(
            Effect.cached(applicationsByCandidate),
            (applications): Join =>
              (candidates) =>
                !Chunk.some(candidates, (candidate) => mayHaveIds(candidate, "applicationIds"))
                  ? Effect.succeed(candidates)
                  : Effect.map(applications, (byCandidate) =>
                      Chunk.map(candidates, (candidate) => {
                        const found = byCandidate.get(String(candidate.id))
                        return found === undefined ? candidate : { ...candidate, applications: found }
                      })
                    )
          )

    const list = (resource: Resource, options: Connector.ReadOptions): Stream.Stream<Connector.NativeRecord, ConnectorError> =>
      Stream.suspend(() => {
        const path = endpoints[resource].list
        const limit = HttpConnector.pageSize(options.batchSize, maxPageSize)
        const exact = Postfilter.compile(options.where)
        if (Either.isLeft(exact)) {
          return Stream.fail(new Unsupported({ connector: Config.name, operation: `read ${resource}`, reason: exact.left.message }))
        }
        const keep = exact.right
        const cursorField = Metadata.cursorField(Schemas.schemas[resource], options.cursor.mode)?.name
        const { until } = options
        // The token sent: the cursor's, until Ashby says it expired.
        let syncToken = options.cursor.token ?? undefined
        let finalToken: string | undefined
        let pastUntil = false

        const page = (cursor: Option.Option<string>) =>
          Effect.gen(function* () {
            const body = (token: string | undefined) => ({
              limit,
              // job.list leaves drafts out unless they are asked for by status.
              ...(resource === "job" ? { status: Schemas.jobStatuses } : {}),
              ...Option.match(cursor, { onNone: () => ({}), onSome: (c) => ({ cursor: c }) }),
              ...(token !== undefined ? { syncToken: token } : {})
            })
            const response = yield* http.request("POST", path, { body: body(syncToken), idempotent: true })
            const failure = Envelope.failureOf(response.body)
            if (failure !== undefined && Envelope.isSyncTokenExpired(failure) && syncToken !== undefined && Option.isNone(cursor)) {
              // Ashby forgot where the last sync ended: read everything again (the pipeline's cursor
              // still skips what it already took).
              yield* Effect.logInfo(`${Config.name}: ${path}: sync token expired, reading all records`)
              syncToken = undefined
              return yield* call(path, body(undefined), true)
            }
            return yield* Envelope.ensure(path, http.scrub)(response)
          })

        const pages = Paging.paginate(http, Option.none<string>(), {
          items: "results",
          key: cursorKey,
          fetch: page,
          onPage: (response) =>
            Effect.sync(() => {
              const token = isRecord(response.body) ? text(response.body.syncToken) : undefined
              if (token !== undefined) finalToken = token
            }),
          advance: nextPage
        }) as Stream.Stream<Connector.NativeRecord, ConnectorError>

        const handOver = Effect.suspend(() => {
          if (finalToken === undefined || pastUntil) return Effect.void
          const token = finalToken
          options.onToken?.(token)
          return Ref.update(tokens, (all) => ({ ...all, [resource]: Option.some(token) }))
        })

        return Stream.unwrap(
          Effect.map(joinFor(resource), (join) =>
            pages.pipe(
              Stream.mapChunksEffect(join),
              Stream.mapChunks((chunk) => {
                if (until !== undefined && cursorField !== undefined && !pastUntil) {
                  pastUntil = Chunk.some(chunk, (record) => {
                    const value = Cursor.valueToString(isRecord(record) ? record[cursorField] : undefined)
                    return value !== undefined && Cursor.compareValues(value, until) > 0
                  })
                }
                return Chunk.filter(chunk, keep)
              }),
              Stream.concat(Stream.execute(handOver))
            )
          )
        )
      })

    const create = (id: string, record: Connector.NativeRecord) =>
      call("/candidate.create", createBody(record), false).pipe(
        Effect.map((response): Connector.WriteOutcome => {
          const results = isRecord(response.body) ? response.body.results : undefined
          return { _tag: "created", id: (isRecord(results) ? text(results.id) : undefined) ?? id }
        })
      )

    const upsertOne = (record: Connector.NativeRecord): Effect.Effect<Connector.WriteOutcome, ConnectorError> => {
      const id = text(record.id) ?? ""
      const write =
        id === ""
          ? create(id, record)
          : call("/candidate.update", updateBody(id, record), true).pipe(
              Effect.as<Connector.WriteOutcome>({ _tag: "updated", id }),
              Effect.catchTag("NotFound", () => create(id, record))
            )
      // A rejected record (success: false, or a 4xx) is that record's failure, not the batch's.
      return Effect.catchTag(write, "RequestRejected", (error) => Effect.succeed<Connector.WriteOutcome>({ _tag: "failed", id, reason: error.message }))
    }

    const fetchByIds = (resource: Resource, ids: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const found: Array<Connector.NativeRecord> = []
        for (const id of new Set(ids)) {
          const one = yield* call(endpoints[resource].info, { id }, true).pipe(
            Effect.map((response) => (isRecord(response.body) && isRecord(response.body.results) ? Option.some(response.body.results) : Option.none())),
            Effect.catchTag("NotFound", () => Effect.succeed(Option.none()))
          )
          if (Option.isSome(one)) found.push(one.value)
        }
        const join = yield* joinFor(resource)
        return Chunk.toReadonlyArray(yield* join(Chunk.unsafeFromArray(found))) as ReadonlyArray<Connector.NativeRecord>
      })

    return {
      http,
      list,
      latestToken: (resource) => Effect.map(Ref.get(tokens), (all) => all[resource]),
      upsertCandidates: (records) => Effect.forEach(records, upsertOne),
      fetchByIds
    }
  })
