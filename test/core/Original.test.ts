/**
 * Every example of the original project's two READMEs that this project claims, in its documented
 * TypeScript translation (`examples/original-*.ts`, shown in README "Coming from the original
 * project"), against fake Warehouse A / B servers; and the worked query-parameter examples with the
 * original's metadata spelling (`string_array`, `field_join` / `value_join`, `date_range_min`).
 */
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as OriginalConfig from "../../examples/original-config.js"
import { connectors } from "../../examples/original-connectors.js"
import * as CustomFormatters from "../../examples/original-custom-formatters.js"
import * as Filters from "../../examples/original-filters.js"
import * as MappingFormatter from "../../examples/original-mapping-formatter.js"
import * as PushEvents from "../../examples/original-push-events.js"
import * as PushResources from "../../examples/original-push-resources.js"
import * as QuickStart from "../../examples/original-quick-start.js"
import type { Condition } from "../../src/core/Condition.js"
import * as Cursor from "../../src/core/Cursor.js"
import * as Metadata from "../../src/core/Metadata.js"
import { Prefilter } from "../../src/core/Prefilter.js"
import * as Package from "../../src/index.js"
import * as FakeA from "../fakes/WarehouseA.js"
import * as FakeB from "../fakes/WarehouseB.js"

const at = (i: number) => new Date(Date.UTC(2024, 1, 1) + i * 60_000).toISOString()
const titles = ["Senior Data Engineer", "Recruiter", "Platform engineer", "Senior Nurse"]
const jobs = Array.from({ length: 12 }, (_, i) => ({
  job_id: `job-${String(i).padStart(2, "0")}`,
  title: titles[i % 4]!,
  description: "A role",
  skills: ["python"],
  board_key: `board-${i % 3}`,
  status: i % 5 === 4 ? "closed" : "open",
  created_at: i < 2 ? "2023-12-01T00:00:00Z" : at(i),
  updated_at: at(100 + i)
}))
const profiles = Array.from({ length: 5 }, (_, i) => ({
  profile_id: `p-${i}`,
  full_name: `Person ${i}`,
  source_key: "source-1",
  created_at: at(i),
  updated_at: at(200 + i)
}))

/** Fake Warehouse A (seeded) and B, and the environment the examples read their URLs and keys from. */
const fakes = Effect.gen(function* () {
  const a = yield* FakeA.start({ apiKey: "key-a", jobs, profiles })
  const b = yield* FakeB.start({ token: "token-b" })
  const env = ConfigProvider.fromMap(
    new Map([
      ["HRTECH_ETL_WAREHOUSE_A_BASE_URL", a.url],
      ["HRTECH_ETL_WAREHOUSE_A_API_KEY", "key-a"],
      ["HRTECH_ETL_WAREHOUSE_B_BASE_URL", b.url],
      ["HRTECH_ETL_WAREHOUSE_B_TOKEN", "token-b"]
    ])
  )
  const run = <A, E, R>(program: Effect.Effect<A, E, R>) => Effect.withConfigProvider(program, env)
  return { a, b, run }
})

describe("the original README's examples (examples/original-*.ts)", () => {
  it.scopedLive("2.1 quick start: jobs, then profiles, A → B with the A → B formatters; cursors to resume from", () =>
    Effect.gen(function* () {
      const { b, run } = yield* fakes
      const { jobs: pulledJobs, profiles: pulledProfiles } = yield* run(QuickStart.program)
      expect(pulledJobs.stats.written).toBe(jobs.length)
      expect(pulledProfiles.stats.written).toBe(profiles.length)
      expect(pulledJobs.cursor).toMatchObject({ start: null, end: at(111) })
      expect(pulledProfiles.cursor.end).toBe(at(204))
      expect(b.store.job.get("job-03")).toMatchObject({ id: "job-03", name: "Senior Nurse", created: at(3), modified: at(103) })
      expect(b.store.profile.get("p-2")).toMatchObject({ id: "p-2", name: "Person 2" })
    })
  )

  it.scopedLive("2.4 custom formatters: a pull with formatter = formatJob", () =>
    Effect.gen(function* () {
      const { b, run } = yield* fakes
      const result = yield* run(CustomFormatters.program)
      expect(result.stats.written).toBe(jobs.length)
      expect([...b.store.job.values()].map((j) => j.name).sort()).toEqual(jobs.map((j) => j.title).sort())
      expect(CustomFormatters.formatProfile({ ...profiles[0]!, payload: { x: 1 } })).toEqual({
        id: "p-0",
        name: "Person 0",
        created: at(0),
        modified: at(200),
        metadata: { x: 1 }
      })
    })
  )

  it.scopedLive("2.2 push native resources: counted pushed, nothing skipped", () =>
    Effect.gen(function* () {
      const { b, run } = yield* fakes
      const result = yield* run(PushResources.program(jobs.slice(0, 3) as never))
      expect(result).toMatchObject({ total_resources_pushed: 3, skipped_missing: 0, skipped_having: 0, errors: [] })
      expect([...b.store.job.keys()].sort()).toEqual(["job-00", "job-01", "job-02"])
    })
  )

  it.scopedLive("2.3 push events: deliveries parsed by the origin, records fetched, a deletion archived and never upserted", () =>
    Effect.gen(function* () {
      const { b, run } = yield* fakes
      b.store.seed("job", [{ id: "job-05", name: "Old", created: at(0), modified: at(0) }])
      const deliveries = [
        { body: JSON.stringify({ event: "job.updated", id: "e1", job: { job_id: "job-01" } }), headers: {} },
        { body: JSON.stringify({ event: "job.deleted", id: "e2", job: { job_id: "job-05" } }), headers: {} },
        { body: JSON.stringify({ event: "job.updated", id: "e3", job: { job_id: "job-99" } }), headers: {} },
        { body: JSON.stringify({ event: "profile.updated", id: "e4", profile: { profile_id: "p-1" } }), headers: {} }
      ]
      const result = yield* run(PushEvents.program(deliveries))
      expect(result).toMatchObject({ total_events: 3, total_resources_fetched: 1, total_resources_pushed: 1, total_archived: 1, skipped_missing: 1 })
      expect(b.store.job.get("job-01")).toMatchObject({ name: "Recruiter" })
      expect(b.store.deleted.job).toEqual(["job-05"])
    })
  )

  it.scopedLive("2.5 prefilters go to Warehouse A as query parameters; postfilters run in memory", () =>
    Effect.gen(function* () {
      const { a, b, run } = yield* fakes
      const result = yield* run(Filters.program)
      const expected = jobs.filter((j) => j.title.toLowerCase().includes("engineer") && j.created_at >= "2024-01-01" && j.title.includes("Senior"))
      expect(expected.length).toBeGreaterThan(0)
      expect(result.stats.written).toBe(expected.length)
      expect([...b.store.job.keys()].sort()).toEqual(expected.map((j) => j.job_id))
      const [request] = yield* a.requests
      expect(request!.query).toMatchObject({ keywords: "engineer", created_at_min: "2024-01-01T00:00:00.000Z" })
      expect(result.stats.where_in_memory).toEqual([])
    })
  )

  it.scopedLive("2.6 mapping formatter: callable on a record, and a pipeline formatter checked up front", () =>
    Effect.gen(function* () {
      const { run } = yield* fakes
      expect(MappingFormatter.formatter({ job_id: "j1", title: "Engineer" })).toEqual({ id: "j1", name: "Engineer" })
      expect(MappingFormatter.formatter({ job_id: "j1" })).toEqual({ id: "j1", name: null })
      const path = join(mkdtempSync(join(tmpdir(), "hrtech-original-")), "jobs.jsonl")
      const result = yield* run(MappingFormatter.program(path))
      expect(result.stats.written).toBe(jobs.length)
      const lines = readFileSync(path, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as unknown)
      expect(lines).toContainEqual({ id: "job-00", name: "Senior Data Engineer" })
      // A mapping reading a field the origin does not have is refused before anything is read.
      const { origin, target } = yield* run(connectors)
      const error = yield* Effect.flip(
        Package.pull({
          resource: "job",
          origin,
          target,
          cursor: Cursor.make("updated_at"),
          formatter: Package.buildMappingFormatter([{ from: "name", to: "name" }])
        })
      )
      expect(error).toMatchObject({ _tag: "MappingError", field: "mapping[0].from" })
    })
  )

  it.scopedLive("run_resource_pull_from_config: runPull / runPush with one snake_case object; the state resumes", () =>
    Effect.gen(function* () {
      const { a, b } = yield* fakes
      const auth = { warehouseA: { base_url: a.url, api_key: "key-a" }, warehouseB: { base_url: b.url, token: "token-b" } }
      const state = join(mkdtempSync(join(tmpdir(), "hrtech-original-")), "state.db")
      const first = yield* Effect.promise(() => OriginalConfig.main(auth, state))
      const engineers = jobs.filter((j) => j.title.toLowerCase().includes("engineer") && j.status === "open")
      expect(first.pulled.stats.written).toBe(engineers.length)
      expect(first.pulled.resumed).toBe(false)
      expect(first.pushed).toMatchObject({ total_events: 1, total_resources_pushed: 1 })
      const second = yield* Effect.promise(() => OriginalConfig.main(auth, state))
      expect(second.pulled).toMatchObject({ resumed: true, stats: { written: 0 } })
      // Bad input is the typed error, naming the key, before any request.
      yield* a.clearRequests
      const error = yield* Effect.promise(() =>
        Package.runPull({ resource: "job", origin: "warehouse_a", target: "warehouse_b", where: [{ field: "title", op: "like" as never, value: "x" }] }).then(
          () => undefined,
          (e: unknown) => e
        )
      )
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "where[0].op" })
      expect(yield* a.requests).toEqual([])
    })
  )
})

describe("README: Coming from the original project", () => {
  it("shows the quick start as it is in examples/original-quick-start.ts, and links every example that exists", () => {
    const readme = readFileSync("README.md", "utf8")
    const section = readme.slice(readme.indexOf("## Coming from the original project"), readme.indexOf("## Concepts"))
    const shown = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
    const example = readFileSync("examples/original-quick-start.ts", "utf8")
    const lines = shown!
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "")
    expect(lines.length).toBeGreaterThan(8)
    for (const line of lines) expect(example).toContain(line)
    for (const [, path] of section.matchAll(/\]\((examples\/original-[a-z-]+\.ts)\)/g)) expect(readFileSync(path!, "utf8")).not.toBe("")
  })
})

describe("the original README's query-parameter examples, with its metadata spelling", () => {
  const right = <A, E>(either: Either.Either<A, E>): A => Either.getOrThrowWith(either, (e) => new Error(String(e)))

  // 5.7 IN binding: `board_key` → `board_keys`, `"formatter": "string_array"` as the original's code spells it.
  const Board = Schema.Struct({
    board_key: Metadata.field(Schema.String, {
      prefilter: { operators: ["in"] },
      in_binding: { query_field: "board_keys", formatter: "string_array" }
    }),
    source_key: Metadata.field(Schema.String, { prefilter: { operators: ["in"] }, in_binding: { formatter: "csv" } }),
    tag: Metadata.field(Schema.String, { prefilter: { operators: ["in"] } })
  })

  it("in_binding: query_field, string_array / csv / array formatters, field__in by default", () => {
    const where: ReadonlyArray<Condition> = [
      { field: "board_key", op: "in", value: ["board-1", "board-2"] },
      { field: "source_key", op: "in", value: ["s1", "s2"] },
      { field: "tag", op: "in", value: ["a", "b"] }
    ]
    expect(right(Package.buildInQueryParams(Board, where))).toEqual({
      board_keys: '["board-1","board-2"]',
      source_key__in: "s1,s2",
      tag__in: ["a", "b"]
    })
  })

  it('search_binding, 001 §5.7: name (field_join or, value_join and), text (and, or), skills → "(data) AND (science) AND (python OR sql)"', () => {
    // The original's `text` carries no prefilter; here a search binding needs `contains` allowed
    // (without it the binding could never be used, and defining it is refused).
    const Job = Schema.Struct({
      name: Metadata.field(Schema.String, {
        prefilter: { operators: ["contains"] },
        search_binding: { search_field: "keywords", field_join: "or", value_join: "and" }
      }),
      text: Metadata.field(Schema.String, {
        prefilter: { operators: ["contains"] },
        search_binding: { search_field: "keywords", field_join: "and", value_join: "or" }
      }),
      skills: Metadata.field(Schema.Array(Schema.String), {
        prefilter: { operators: ["contains"] },
        search_binding: { search_field: "keywords", field_join: "and", value_join: "or" }
      })
    })
    const where: ReadonlyArray<Condition> = [
      { field: "name", op: "contains", value: "data" },
      { field: "text", op: "contains", value: "science" },
      { field: "skills", op: "contains", value: ["python", "sql"] }
    ]
    expect(right(Package.buildSearchQueryParams(Job, where))).toEqual({ keywords: "(data) AND (science) AND (python OR sql)" })
    expect(() => Metadata.field(Schema.String, { search_binding: { search_field: "keywords", field_join: "and", value_join: "or" } })).toThrow(
      /search_binding: invalid field metadata: needs prefilter.operators to include contains/
    )
  })

  it('search_binding, REFERENCE: name(or,or), text(or,or), skills(and,or) → "(data OR science) AND (python OR sql)"', () => {
    const bound = (field_join: "and" | "or") =>
      ({ prefilter: { operators: ["contains"] }, search_binding: { search_field: "keywords", field_join, value_join: "or" } }) as const
    const Job = Schema.Struct({
      name: Metadata.field(Schema.String, bound("or")),
      text: Metadata.field(Schema.String, bound("or")),
      skills: Metadata.field(Schema.Array(Schema.String), bound("and"))
    })
    const where: ReadonlyArray<Condition> = [
      { field: "name", op: "contains", value: "data" },
      { field: "text", op: "contains", value: "science" },
      { field: "skills", op: "contains", value: ["python", "sql"] }
    ]
    expect(right(Package.buildSearchQueryParams(Job, where))).toEqual({ keywords: "(data OR science) AND (python OR sql)" })
  })

  // 5.4: the original's UnifiedJob created_at cursor, with its date_range_min / date_range_max names.
  const UnifiedJobOriginal = Schema.Struct({
    id: Metadata.field(Schema.String, { identifier: true, cursor: { cursor: "uid" } }),
    created_at: Schema.optional(
      Metadata.field(Schema.NullOr(Schema.String), {
        cursor: {
          cursor: "created_at",
          cursor_start_min: "date_range_min",
          cursor_end_max: "date_range_max",
          cursor_order_up: "asc",
          cursor_order_down: "desc"
        },
        prefilter: { operators: ["gte", "lte"] }
      })
    ),
    updated_at: Metadata.field(Schema.String, { cursor: { cursor: "updated_at", cursor_range: "date_range" } })
  })

  it("build_cursor_query_params: the declared date_range names, the date_range fallback, <field>_min/_max for the id", () => {
    const asc = Cursor.make("created_at", { start: "2024-01-01T00:00:00Z" })
    expect(right(Package.buildCursorQueryParams(UnifiedJobOriginal, { ...asc, end: "2024-02-01T00:00:00Z" }, { sortParamName: "sort" }))).toEqual({
      date_range_min: "2024-01-01T00:00:00Z",
      date_range_max: "2024-02-01T00:00:00Z",
      sort: "asc"
    })
    expect(
      right(
        Package.buildCursorQueryParams(UnifiedJobOriginal, Cursor.make("created_at", { start: "2024-01-01T00:00:00Z", sortBy: "desc" }), {
          sortParamName: "sort"
        })
      )
    ).toEqual({
      date_range_max: "2024-01-01T00:00:00Z",
      sort: "desc"
    })
    expect(right(Package.buildCursorQueryParams(UnifiedJobOriginal, Cursor.make("updated_at", { start: "2024-01-01T00:00:00Z" })))).toEqual({
      date_range_min: "2024-01-01T00:00:00Z"
    })
    expect(right(Package.buildCursorQueryParams(UnifiedJobOriginal, Cursor.make("id", { start: "job-10" })))).toEqual({ id_min: "job-10" })
  })

  it("build_connector_params(resource_cls, where, cursor, sort_param_name): every binding in one query", () => {
    const Job = Schema.Struct({ ...Board.fields, ...UnifiedJobOriginal.fields })
    const where: ReadonlyArray<Condition> = [
      { field: "board_key", op: "in", value: ["board-1", "board-2"] },
      { field: "created_at", op: "lte", value: "2024-06-01T00:00:00Z" }
    ]
    const built = right(Package.buildConnectorParams(Job, where, Cursor.make("created_at", { start: "2024-01-01T00:00:00Z" }), { sortParamName: "order_by" }))
    expect(built).toEqual({
      params: {
        board_keys: '["board-1","board-2"]',
        created_at__lte: "2024-06-01T00:00:00Z",
        date_range_min: "2024-01-01T00:00:00Z",
        order_by: "asc"
      },
      pushed: where,
      unpushed: []
    })
  })

  it("2.5 field metadata: Prefilter checks operators; export_model_fields lists the metadata; postfilters take any field", () => {
    const WarehouseAJob = Schema.Struct({
      title: Metadata.field(Schema.String, { prefilter: { operators: ["eq", "contains"] } }),
      created_at: Metadata.field(Metadata.DateTimeString, { cursor: { cursor: "created_at" }, prefilter: { operators: ["gte", "lte"] } })
    })
    const where = right(
      Prefilter.all([Prefilter(WarehouseAJob, "title").contains("engineer"), Prefilter(WarehouseAJob, "created_at").gte(new Date(Date.UTC(2024, 0, 1)))])
    )
    expect(where).toEqual([
      { field: "title", op: "contains", value: "engineer" },
      { field: "created_at", op: "gte", value: "2024-01-01T00:00:00.000Z" }
    ])
    expect(Either.flip(Prefilter(WarehouseAJob, "title").gt("x")).pipe(Either.getOrThrow)).toMatchObject({ _tag: "IneligibleOperator", field: "title" })
    expect(Package.exportModelFields(WarehouseAJob, { onlyPrefilterable: true })).toEqual([
      { name: "title", type: "string", required: true, prefilter: { operators: ["eq", "contains"] } },
      { name: "created_at", type: "datetime", required: true, cursor: { cursor: "created_at" }, prefilter: { operators: ["gte", "lte"] } }
    ])
    const records = [{ title: "Senior Engineer" }, { title: "Engineer" }]
    expect(Package.applyPostfilters(records, [{ field: "title", op: "contains", value: "Senior" }])).toEqual([records[0]])
  })
})
