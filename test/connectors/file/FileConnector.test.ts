import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { gunzipSync, gzipSync } from "node:zlib"
import * as File from "../../../src/connectors/file/index.js"
import * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import type { Resource } from "../../../src/core/Resource.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import type * as Unified from "../../../src/core/Unified.js"
import * as Memory from "../../../src/testing/Memory.js"
import { tempDir } from "../sql/Engines.js"

const sample = (name: string) => new URL(`../../../data/sample/${name}`, import.meta.url).pathname

const readPages = (connector: Connector.Connector, resource: Resource, options: Partial<Connector.ReadOptions> = {}) =>
  Stream.runCollect(
    connector
      .read(resource, {
        cursor: options.cursor ?? Cursor.make("updated_at"),
        where: options.where ?? [],
        batchSize: options.batchSize ?? 100,
        ...(options.until ? { until: options.until } : {})
      })
      .pipe(Stream.mapChunks((chunk) => Chunk.of(Chunk.toReadonlyArray(chunk))))
  ).pipe(Effect.map((pages) => Chunk.toReadonlyArray(pages)))

const readAll = (connector: Connector.Connector, resource: Resource = "job", options: Partial<Connector.ReadOptions> = {}) =>
  Effect.map(readPages(connector, resource, options), (pages) => pages.flat())

/** Writes records through a connector in its own scope (committed when the scope closes). */
const writeFile = (uri: string, records: ReadonlyArray<Connector.NativeRecord>, resource: Resource = "job", batch = 7) =>
  Effect.scoped(
    Effect.gen(function* () {
      const connector = yield* File.makeFromUri(uri)
      const outcomes: Array<Connector.WriteOutcome> = []
      for (let i = 0; i < records.length; i += batch) outcomes.push(...(yield* connector.write(resource, records.slice(i, i + batch))))
      return outcomes
    })
  )

const readFile = (uri: string, resource: Resource = "job") => Effect.scoped(Effect.flatMap(File.makeFromUri(uri), (c) => readAll(c, resource)))

const tricky = [
  "plain",
  "",
  " ",
  "comma, inside",
  'quote " inside',
  '"starts with quote',
  "line\nbreak",
  "crlf\r\nbreak",
  "cr\ronly",
  "tab\there",
  "unicode: Zoë Ærøskøbing 日本語 😀",
  "null",
  "true",
  "42",
  "007",
  "-1.5e3",
  "[1,2]",
  '{"a":1}',
  "a.b",
  "=SUM(A1)"
]
const textArb = FastCheck.oneof(FastCheck.constantFrom(...tricky), FastCheck.string({ unit: "binary", maxLength: 12 }))
const opt = <A>(arb: FastCheck.Arbitrary<A>) => FastCheck.option(arb, { nil: undefined, freq: 3 })
const jobArb = FastCheck.record({
  id: FastCheck.string({ unit: "binary", minLength: 1, maxLength: 8 }),
  name: textArb,
  summary: opt(FastCheck.oneof(textArb, FastCheck.constant(null))),
  status: opt(FastCheck.constantFrom("open", "closed")),
  company: opt(textArb),
  remote: opt(FastCheck.boolean()),
  location: opt(
    FastCheck.record({
      city: opt(textArb),
      country: opt(textArb),
      lat: opt(FastCheck.oneof(FastCheck.double({ noNaN: true, noDefaultInfinity: true }), FastCheck.constant(null)))
    })
  ),
  salary: opt(FastCheck.record({ min: opt(FastCheck.integer()), currency: opt(textArb) })),
  skills: opt(FastCheck.array(FastCheck.record({ name: textArb }), { maxLength: 3 })),
  tags: opt(FastCheck.array(FastCheck.record({ name: textArb, value: opt(FastCheck.oneof(textArb, FastCheck.constant(null))) }), { maxLength: 2 })),
  payload: opt(FastCheck.jsonValue()),
  updated_at: opt(FastCheck.constantFrom("2024-01-01T00:00:00Z", "2024-01-01T01:00:00+01:00", null))
})
/** Drops undefined fields at any depth (they are absent in JSON and CSV alike) and -0 (JSON writes it as 0). */
const normalise = (value: unknown): unknown => JSON.parse(JSON.stringify(value))
const jobsArb = FastCheck.uniqueArray(jobArb, { selector: (j) => j.id, maxLength: 15 }).map((list) => list.map((j) => normalise(j) as Connector.NativeRecord))

describe("file connector", () => {
  describe("reading", () => {
    it.scopedLive("streams the bundled sample (JSONL.gz) in pages of the batch size, every record valid", () =>
      Effect.gen(function* () {
        const jobs = yield* File.makeFromUri(`file:${sample("jobs.jsonl.gz")}`)
        const pages = yield* readPages(jobs, "job", { batchSize: 256 })
        expect(pages.map((p) => p.length)).toEqual([...Array(11).fill(256), 3000 - 11 * 256])
        const decode = Connector.decoder(jobs, "job")
        expect(pages.flat().filter((r) => decode(r)._tag === "Left")).toEqual([])
        const profiles = yield* File.makeFromUri(`file:${sample("profiles.jsonl.gz")}`)
        const all = yield* readAll(profiles, "profile", { batchSize: 500 })
        expect(all.length).toBe(2000)
        const decodeProfile = Connector.decoder(profiles, "profile")
        expect(all.filter((r) => decodeProfile(r)._tag === "Left")).toEqual([])
      })
    )

    it.scopedLive("declares unsortable cursors and pushes nothing down; the cursor range is applied in memory", () =>
      Effect.gen(function* () {
        const jobs = yield* File.makeFromUri(`file:${sample("jobs.jsonl.gz")}`)
        expect(Connector.isSortable(jobs, "job", "updated_at")).toBe(false)
        expect(Connector.isSortable(jobs, "job", "id")).toBe(false)
        const where = [{ field: "status", op: "eq" as const, value: "open" }]
        expect(jobs.pushdown("job", where)).toEqual({ pushed: [], inMemory: where })
        const start = "2023-03-01T00:00:00+01:00"
        const until = "2023-04-01T00:00:00Z"
        const got = yield* readAll(jobs, "job", { cursor: Cursor.make("updated_at", { start }), until, batchSize: 64 })
        const all = yield* readAll(jobs)
        const want = all.filter((r) => Cursor.compareValues(String(r.updated_at), start) >= 0 && Cursor.compareValues(String(r.updated_at), until) <= 0)
        expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id))
        expect(want.length).toBeGreaterThan(100)
      })
    )

    it.scopedLive("a corrupt JSONL line is reported with its line number and the rest are read", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.jsonl")
        writeFileSync(
          path,
          [
            JSON.stringify({ id: "1", name: "a" }),
            JSON.stringify({ id: "2", name: "b" }),
            '{"id": "3", "name": ',
            "",
            "[1, 2]",
            JSON.stringify({ id: "6", name: "f" }),
            "\r",
            JSON.stringify({ id: "8", name: "h" })
          ].join("\n")
        )
        const failing = yield* File.makeFromUri(`file:${path}`)
        const error = yield* Effect.flip(readAll(failing))
        expect(error._tag).toBe("DecodeError")
        expect(error.message).toMatch(/line 3: malformed JSON/)

        const issues: Array<File.InvalidLine> = []
        const lenient = yield* File.makeFromUri(`file:${path}`, { onInvalid: (issue) => Effect.sync(() => void issues.push(issue)) })
        expect((yield* readAll(lenient, "job", { batchSize: 2 })).map((r) => r.id)).toEqual(["1", "2", "6", "8"])
        expect(issues.map((i) => [i.line, i.reason.split(" (")[0], i.raw])).toEqual([
          [3, "malformed JSON", '{"id": "3", "name": '],
          [5, "expected a JSON object", "[1, 2]"]
        ])
      })
    )

    it.scopedLive("in a pull, a corrupt line is a decode failure naming its line; the other records are written", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.jsonl")
        const lines = Array.from({ length: 30 }, (_, i) =>
          JSON.stringify({ id: `j${i}`, name: `t${i}`, updated_at: `2024-01-01T00:00:${String(i).padStart(2, "0")}Z` })
        )
        lines[11] = "{ not json"
        writeFileSync(path, lines.join("\n"))
        const origin = yield* File.makeFromUri(`file:${path}`)
        const target = Memory.make()
        const result = yield* Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.make("updated_at"), batchSize: 8 })
        expect(result.stats).toMatchObject({ written: 29, failed: 1 })
        expect(result.stats.errors[0]).toMatchObject({ stage: "decode", message: expect.stringMatching(/^line 12: malformed JSON/) })
        expect(target.data.job.size).toBe(29)
      })
    )

    it.scopedLive("a bad CSV row is reported with its line number and the rest are read", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.csv")
        writeFileSync(path, 'id,name,location.city\n1,Engineer,Paris\n2,"Multi\nline",Lyon\n3,too,many,cells\n4,Nurse,\n')
        const issues: Array<File.InvalidLine> = []
        const lenient = yield* File.makeFromUri(`file:${path}`, { onInvalid: (issue) => Effect.sync(() => void issues.push(issue)) })
        expect(yield* readAll(lenient)).toEqual([
          { id: "1", name: "Engineer", location: { city: "Paris" } },
          { id: "2", name: "Multi\nline", location: { city: "Lyon" } },
          { id: "4", name: "Nurse" }
        ])
        expect(issues.map((i) => i.line)).toEqual([5])
        expect(issues[0]!.reason).toMatch(/column|field/i)
        const strict = yield* File.makeFromUri(`file:${path}`)
        expect((yield* Effect.flip(readAll(strict))).message).toMatch(/line 5/)
      })
    )

    it.scopedLive("hand-written CSV: text columns stay text, numbers and JSON cells are typed by the schema", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.csv")
        writeFileSync(path, '\uFEFFid,name,remote,salary.min,skills,reference\r\n00123,42,true,50000,"[{""name"":""SQL""}]",null\r\n')
        const [job] = yield* readFile(`file:${path}`)
        expect(job).toEqual({ id: "00123", name: "42", remote: true, salary: { min: 50000 }, skills: [{ name: "SQL" }], reference: null })
      })
    )

    it.scopedLive("a missing file is NotFound; bad URIs are ConfigErrors naming the field", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const missing = yield* File.makeFromUri(`file:${join(dir, "nope.jsonl")}`)
        expect((yield* Effect.flip(readAll(missing)))._tag).toBe("NotFound")
        expect(yield* Effect.flip(File.makeFromUri("file:data.xml"))).toMatchObject({ _tag: "ConfigError", field: "uri" })
        expect(yield* Effect.flip(File.makeFromUri("file:data.jsonl?mode=replace"))).toMatchObject({ _tag: "ConfigError", field: "mode" })
        const gz = join(dir, "broken.jsonl.gz")
        writeFileSync(gz, "not gzip at all")
        expect((yield* Effect.flip(readAll(yield* File.makeFromUri(`file:${gz}`))))._tag).toBe("DecodeError")
      })
    )

    it.scopedLive("fetchByEvents finds the latest version of each record by id", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.jsonl")
        writeFileSync(
          path,
          [
            { id: "a", name: "v1" },
            { id: "b", name: "b" },
            { id: "a", name: "v2" }
          ]
            .map((r) => JSON.stringify(r))
            .join("\n")
        )
        const connector = yield* File.makeFromUri(`file:${path}`)
        const found = yield* connector.fetchByEvents("job", [
          { resource: "job", type: "updated", resource_id: "a" },
          { resource: "job", type: "updated", resource_id: "zz" }
        ])
        expect(found).toEqual([{ id: "a", name: "v2" }])
      })
    )
  })

  describe("writing", () => {
    for (const format of ["jsonl", "jsonl.gz", "csv", "csv.gz"] as const) {
      it.live(`${format}: write then read gives back the same records (quotes, commas, newlines, unicode, nesting) (property)`, () =>
        Effect.gen(function* () {
          let n = 0
          yield* Effect.promise(() =>
            FastCheck.assert(
              FastCheck.asyncProperty(jobsArb, (jobs) =>
                Effect.runPromise(
                  Effect.scoped(
                    Effect.gen(function* () {
                      const d = yield* tempDir
                      const uri = `file:${join(d, `out-${n++}.${format}`)}`
                      const outcomes = yield* writeFile(uri, jobs)
                      expect(outcomes).toEqual(jobs.map((j) => ({ _tag: "created", id: j.id })))
                      const back = jobs.length === 0 ? [] : yield* readFile(uri)
                      expect(back).toEqual(jobs)
                    })
                  )
                )
              ),
              { numRuns: 60 }
            )
          )
        })
      )
    }

    it.scopedLive("CSV output is readable by people: nested objects as dotted columns, arrays as JSON", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.csv")
        yield* writeFile(`file:${path}`, [
          { id: "1", name: "Engineer, Senior", location: { city: "Paris", country: "FR" }, skills: [{ name: "SQL" }], salary: { min: 1 } },
          { id: "2", name: 'He said "hi"', remote: false }
        ])
        expect(readFileSync(path, "utf8")).toBe(
          "id,name,location.city,location.country,skills,salary.min,remote\n" +
            '1,"Engineer, Senior",Paris,FR,"[{""name"":""SQL""}]",1,\n' +
            '2,"He said ""hi""",,,,,false\n'
        )
      })
    )

    it.scopedLive("the target changes atomically: untouched when the run fails, replaced when it succeeds in overwrite mode", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "out.jsonl")
        writeFileSync(path, '{"id":"old","name":"kept"}\n')
        const failed = yield* Effect.exit(
          Effect.scoped(
            Effect.gen(function* () {
              const connector = yield* File.makeFromUri(`file:${path}`)
              yield* connector.write("job", [{ id: "new", name: "lost" }])
              // Mid-run the temporary file exists beside the target, which is still the old one.
              expect(readdirSync(dir).length).toBe(2)
              expect(readFileSync(path, "utf8")).toBe('{"id":"old","name":"kept"}\n')
              return yield* Effect.fail("boom")
            })
          )
        )
        expect(failed._tag).toBe("Failure")
        expect(readFileSync(path, "utf8")).toBe('{"id":"old","name":"kept"}\n')
        expect(readdirSync(dir)).toEqual(["out.jsonl"])

        yield* writeFile(`file:${path}?mode=overwrite`, [{ id: "new", name: "written" }])
        expect(readFileSync(path, "utf8")).toBe('{"id":"new","name":"written"}\n')
        expect(readdirSync(dir)).toEqual(["out.jsonl"])
      })
    )

    it.scopedLive("a run that writes nothing leaves the target as it was (not even created)", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        yield* writeFile(`file:${join(dir, "none.csv")}`, [])
        expect(readdirSync(dir)).toEqual([])
      })
    )

    it.scopedLive("append mode keeps earlier records: JSONL, gzip members, and CSV with a widened header", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const jsonl = join(dir, "a.jsonl")
        writeFileSync(jsonl, '{"id":"0","name":"no trailing newline"}')
        yield* writeFile(`file:${jsonl}?mode=append`, [{ id: "1", name: "one" }])
        expect((yield* readFile(`file:${jsonl}`)).map((r) => r.id)).toEqual(["0", "1"])

        const gz = join(dir, "a.jsonl.gz")
        writeFileSync(gz, gzipSync('{"id":"0","name":"zero"}\n'))
        yield* writeFile(`file:${gz}?mode=append`, [{ id: "1", name: "one" }])
        expect((yield* readFile(`file:${gz}`)).map((r) => r.id)).toEqual(["0", "1"])
        expect(gunzipSync(readFileSync(gz)).toString()).toContain('"id":"1"')

        const csv = join(dir, "a.csv")
        yield* writeFile(`file:${csv}`, [{ id: "1", name: "one", company: "Acme, Inc" }])
        yield* writeFile(`file:${csv}?mode=append`, [{ id: "2", name: "two", location: { city: "Köln" } }])
        expect(readFileSync(csv, "utf8").split("\n")[0]).toBe("id,name,company,location.city")
        expect(yield* readFile(`file:${csv}`)).toEqual([
          { id: "1", name: "one", company: "Acme, Inc" },
          { id: "2", name: "two", location: { city: "Köln" } }
        ])
        yield* writeFile(`file:${csv}?mode=overwrite`, [{ id: "3", name: "three" }])
        expect(yield* readFile(`file:${csv}`)).toEqual([{ id: "3", name: "three" }])
      })
    )

    it.scopedLive("merge (the default) keeps the earlier records this run does not write again, by id: JSONL, gzip and CSV", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        for (const file of ["m.jsonl", "m.jsonl.gz", "m.csv"]) {
          const uri = `file:${join(dir, file)}`
          yield* writeFile(uri, [
            { id: "1", name: "one" },
            { id: "2", name: "two" },
            { id: "3", name: "three" }
          ])
          yield* writeFile(uri, [
            { id: "2", name: "two v2", company: "Acme" },
            { id: "4", name: "four" }
          ])
          expect({ file, records: yield* readFile(uri) }).toEqual({
            file,
            records: [
              { id: "1", name: "one" },
              { id: "3", name: "three" },
              { id: "2", name: "two v2", company: "Acme" },
              { id: "4", name: "four" }
            ]
          })
        }
      })
    )

    it.scopedLive("an invalid record is a failed outcome; commit makes what was written visible before the scope ends", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.jsonl")
        const connector = yield* File.makeFromUri(`file:${path}`)
        const outcomes = yield* connector.write("job", [{ id: "1", name: "ok" }, { id: "2" }, { name: "no id" }])
        expect(outcomes.map((o) => o._tag)).toEqual(["created", "failed", "failed"])
        expect(outcomes[1]).toMatchObject({ id: "2", reason: expect.stringMatching(/name/) })
        expect(existsSync(path)).toBe(false)
        yield* connector.commit
        expect(readFileSync(path, "utf8")).toBe('{"id":"1","name":"ok"}\n')
        yield* connector.write("job", [{ id: "3", name: "later" }])
        yield* connector.commit
        expect((yield* readAll(connector)).map((r) => r.id)).toEqual(["1", "3"])
      })
    )

    it.scopedLive("toUnified / fromUnified keep unified fields only", () =>
      Effect.gen(function* () {
        const connector = yield* File.makeFromUri("file:x.jsonl")
        const record = { id: "1", name: "t", vendor_extra: 1 }
        expect(connector.toUnified("job", record)).toEqual({ id: "1", name: "t" })
        expect(connector.fromUnified("profile", { id: "p", info: {} } as Unified.UnifiedProfile)).toEqual({ id: "p", info: {} })
      })
    )
  })
})
