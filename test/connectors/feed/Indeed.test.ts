import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as TestClock from "effect/TestClock"
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Indeed } from "../../../src/connectors/feed/index.js"
import * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Registry from "../../../src/core/Registry.js"
import * as Memory from "../../../src/testing/Memory.js"
import { tempDir } from "../sql/Engines.js"
import { filesIn, incomplete, original, plain, records, remote, tricky, withTarget } from "./Fixtures.js"

const MARCH_1_NOON = Date.UTC(2024, 2, 1, 12, 0, 0)

const trickyXml = `  <job>
    <title>Senior &quot;C++&quot; &amp; &lt;Rust&gt; Engineer&apos;s</title>
    <date>Mon, 15 Jan 2024 09:30:00 GMT</date>
    <referencenumber>job-1</referencenumber>
    <requisitionid>REQ-7</requisitionid>
    <url>https://jobs.example/a?x=1&amp;y=2</url>
    <company>Zoë &amp; Co</company>
    <city>Zürich</city>
    <state>ZH</state>
    <country>CH</country>
    <postalcode>8001</postalcode>
    <description><![CDATA[<p>Build ]]]]><![CDATA[> things & more</p> 日本語 😀]]></description>
    <salary>CHF 100000 - 120000 per year</salary>
    <jobtype>fulltime</jobtype>
  </job>
`

const remoteXml = `  <job>
    <title>Remote Support</title>
    <date>Thu, 29 Feb 2024 21:59:59 GMT</date>
    <referencenumber>job-2</referencenumber>
    <url>https://apply.example/2</url>
    <company>Acme</company>
    <country>DE</country>
    <description><![CDATA[Help customers]]></description>
    <salary>from EUR 20 per hour</salary>
    <jobtype>parttime</jobtype>
  </job>
`

const plainXml = (id: string, title: string) => `  <job>
    <title>${title}</title>
    <date>Fri, 01 Mar 2024 00:00:00 GMT</date>
    <referencenumber>${id}</referencenumber>
    <url>https://jobs.example/${id}</url>
    <company>Acme</company>
    <city>Paris</city>
    <country>FR</country>
    <description><![CDATA[About ${title}]]></description>
  </job>
`

const feedXml = (lastBuildDate: string, jobs: ReadonlyArray<string>, publisher = true) =>
  `<?xml version="1.0" encoding="utf-8"?>
<source>
${publisher ? "  <publisher>Acme &amp; Partners</publisher>\n  <publisherurl>https://acme.example/?a=1&amp;b=2</publisherurl>\n" : ""}  <lastBuildDate>${lastBuildDate}</lastBuildDate>
${jobs.join("")}</source>
`

const publisherQuery = "?publisher=Acme%20%26%20Partners&publisherurl=https%3A%2F%2Facme.example%2F%3Fa%3D1%26b%3D2"

/** The state file's jobs, one JSON object per line. */
const stateOf = (path: string) =>
  readFileSync(`${path}.jsonl`, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { id: string; name: string })

/** The feed with its build date blanked (for runs on the live clock). */
const withoutBuildDate = (xml: string) => xml.replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, "<lastBuildDate>*</lastBuildDate>")

describe("Indeed XML feed", () => {
  describe("rendering", () => {
    it("escapes & < > \" ' in text, splits CDATA at ]]>, keeps unicode, writes RFC 1123 GMT dates", () => {
      const xml = Indeed.renderFeed([tricky, remote], { publisher: "Acme & Partners", publisherUrl: "https://acme.example/?a=1&b=2" }, MARCH_1_NOON)
      expect(xml).toBe(feedXml("Fri, 01 Mar 2024 12:00:00 GMT", [trickyXml, remoteXml]))
    })

    it("ISO 8601 dates on request; characters XML cannot carry are dropped", () => {
      const job = { ...plain("j", "Ctrl\u0001 \uD800char\uFFFF"), text: "bell\u0007 tab\t ok" }
      const xml = Indeed.renderFeed([job], { dateFormat: "iso8601" }, MARCH_1_NOON)
      expect(xml).toContain("<lastBuildDate>2024-03-01T12:00:00Z</lastBuildDate>")
      expect(xml).toContain("<date>2024-03-01T00:00:00Z</date>")
      expect(xml).toContain("<title>Ctrl char</title>")
      expect(xml).toContain("<description><![CDATA[bell tab\t ok]]></description>")
    })

    it("a job in the original's shape: name, text, address parts from location.fields, the salary from ranges_float", () => {
      expect(Either.getOrThrow(Indeed.renderJob(original))).toBe(`  <job>
    <title>Data Scientist</title>
    <date>Mon, 01 Apr 2024 00:00:00 GMT</date>
    <referencenumber>job-3</referencenumber>
    <url>https://jobs.example/3</url>
    <company>Acme</company>
    <city>Paris</city>
    <country>FR</country>
    <postalcode>75001</postalcode>
    <description><![CDATA[Models and more]]></description>
    <salary>EUR 50000 - 60000</salary>
  </job>
`)
    })

    it("salary text covers ranges, single amounts, open ends and missing parts", () => {
      expect(Indeed.salaryText({ min: 50000, max: 70000, currency: "USD", period: "year" })).toBe("USD 50000 - 70000 per year")
      expect(Indeed.salaryText({ min: 60000, max: 60000, currency: "USD" })).toBe("USD 60000")
      expect(Indeed.salaryText({ max: 30, period: "hour" })).toBe("up to 30 per hour")
      expect(Indeed.salaryText({ min: null, max: null, currency: "USD" })).toBeUndefined()
      expect(Indeed.salaryText(undefined)).toBeUndefined()
    })

    it("names every missing required field with where it comes from", () => {
      expect(Indeed.renderJob(incomplete)).toEqual(
        Either.left([
          "date (published_at or created_at)",
          "url (url or apply_url)",
          "company",
          "city (location.city)",
          "country (location.country)",
          "description (text or summary)"
        ])
      )
      // Blank text counts as missing; a remote job needs no city.
      expect(Indeed.missingFields({ ...plain("x", "  "), company: " " })).toEqual(["title (name)", "company"])
      expect(Indeed.missingFields({ ...plain("x", "t"), remote: true, location: { country: "FR" } })).toEqual([])
    })
  })

  describe("target", () => {
    it.scoped("writes the expected document at commit; the state file keeps the full set without payloads", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "feeds", "jobs.xml")
        yield* TestClock.setTime(MARCH_1_NOON)
        const outcomes = yield* withTarget(Indeed.makeFromUri(`indeed:${path}${publisherQuery}`), (target) =>
          Effect.gen(function* () {
            const written = yield* target.write("job", records(tricky, remote))
            // Nothing is published before the commit.
            expect(existsSync(path)).toBe(false)
            return written
          })
        )
        expect(outcomes).toEqual([Connector.Outcome.created("job-1"), Connector.Outcome.created("job-2")])
        expect(readFileSync(path, "utf8")).toBe(feedXml("Fri, 01 Mar 2024 12:00:00 GMT", [trickyXml, remoteXml]))
        const state = stateOf(path)
        expect(state.map((j) => j.id)).toEqual(["job-1", "job-2"])
        expect(state[0]).not.toHaveProperty("payload")
        expect(filesIn(join(dir, "feeds"))).toEqual(["jobs.xml", "jobs.xml.jsonl"])
      })
    )

    it.scoped("the feed always lists every job: a second run adds and updates, archive and closed jobs remove", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.xml")
        const uri = `indeed:${path}${publisherQuery}`
        yield* TestClock.setTime(MARCH_1_NOON)
        yield* withTarget(Indeed.makeFromUri(uri), (t) => t.write("job", records(plain("a", "Alpha"), plain("b", "Beta"))))
        expect(readFileSync(path, "utf8")).toBe(feedXml("Fri, 01 Mar 2024 12:00:00 GMT", [plainXml("a", "Alpha"), plainXml("b", "Beta")]))

        yield* TestClock.setTime(MARCH_1_NOON + 3_600_000)
        const second = yield* withTarget(Indeed.makeFromUri(uri), (t) => t.write("job", records(plain("c", "Gamma"), plain("a", "Alpha v2"))))
        expect(second).toEqual([Connector.Outcome.created("c"), Connector.Outcome.updated("a")])
        // Updated in place, the untouched job kept, the new one at the end.
        expect(readFileSync(path, "utf8")).toBe(
          feedXml("Fri, 01 Mar 2024 13:00:00 GMT", [plainXml("a", "Alpha v2"), plainXml("b", "Beta"), plainXml("c", "Gamma")])
        )

        const third = yield* withTarget(Indeed.makeFromUri(uri), (t) =>
          Effect.zip(t.archive!("job", ["b", "never-listed"]), t.write("job", records({ ...plain("c", "Gamma"), status: "closed" })))
        )
        expect(third).toEqual([[Connector.Outcome.archived("b"), Connector.Outcome.archived("never-listed")], [Connector.Outcome.archived("c")]])
        expect(readFileSync(path, "utf8")).toBe(feedXml("Fri, 01 Mar 2024 13:00:00 GMT", [plainXml("a", "Alpha v2")]))
        expect(stateOf(path).map((j) => j.id)).toEqual(["a"])
      })
    )

    it.scoped("a run that fails before the commit leaves the feed and its state byte for byte, with no temporary files", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.xml")
        yield* withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) => t.write("job", records(plain("a", "Alpha"))))
        const feedBefore = readFileSync(path, "utf8")
        const stateBefore = readFileSync(`${path}.jsonl`, "utf8")
        const exit = yield* Effect.exit(
          withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) =>
            Effect.zipRight(t.write("job", records(plain("a", "Changed"), plain("z", "New"))), Effect.fail("boom"))
          )
        )
        expect(exit._tag).toBe("Failure")
        expect(readFileSync(path, "utf8")).toBe(feedBefore)
        expect(readFileSync(`${path}.jsonl`, "utf8")).toBe(stateBefore)
        expect(filesIn(dir)).toEqual(["jobs.xml", "jobs.xml.jsonl"])
      })
    )

    it.live("a pull whose origin fails mid-run leaves the previous feed untouched", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.xml")
        yield* withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) => t.write("job", records(plain("a", "Alpha"))))
        const before = readFileSync(path, "utf8")
        const origin = Connector.fromAsyncIterable({
          name: "flaky",
          schemas: Memory.make().schemas,
          read: async function* () {
            yield [plain("b", "Beta", "2024-03-01T00:00:00Z")]
            throw new Error("connection reset")
          }
        })
        const exit = yield* Effect.exit(
          withTarget(Indeed.makeFromUri(`indeed:${path}`), (target) =>
            Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.make("updated_at"), batchSize: 1, batchWindow: 0 })
          )
        )
        expect(exit._tag).toBe("Failure")
        expect(readFileSync(path, "utf8")).toBe(before)
        expect(filesIn(dir)).toEqual(["jobs.xml", "jobs.xml.jsonl"])
      }).pipe(Effect.scoped)
    )

    it.scoped("jobs lacking required fields are failed outcomes naming the fields; the others are published", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.xml")
        const outcomes = yield* withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) =>
          t.write("job", [...records(incomplete, plain("ok", "Fine")), { id: "no-name" }])
        )
        expect(outcomes[0]).toEqual(
          Connector.Outcome.failed(
            "job-bad",
            "missing required Indeed fields: date (published_at or created_at), url (url or apply_url), company, " +
              "city (location.city), country (location.country), description (text or summary)"
          )
        )
        expect(outcomes[1]).toEqual(Connector.Outcome.created("ok"))
        // Not even a unified job: the schema's own complaint, naming the field.
        expect(outcomes[2]).toMatchObject({ _tag: "failed", id: "no-name" })
        expect((outcomes[2] as { reason: string }).reason).toMatch(/^name: /)
        expect(stateOf(path).map((j) => j.id)).toEqual(["ok"])
      })
    )

    it.live("pull from the in-memory connector with no formatter: unified jobs become the feed, incomplete ones fail by name", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.xml")
        const origin = Memory.make({ seed: { job: records(tricky, remote, incomplete) } })
        const result = yield* withTarget(Indeed.makeFromUri(`indeed:${path}${publisherQuery}`), (target) =>
          Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.make("updated_at") })
        )
        expect(result.stats).toMatchObject({ read: 3, written: 2, created: 2, failed: 1 })
        expect(result.stats.errors).toEqual([
          expect.objectContaining({ id: "job-bad", stage: "write", message: expect.stringContaining("company, city (location.city)") })
        ])
        expect(withoutBuildDate(readFileSync(path, "utf8"))).toBe(feedXml("*", [trickyXml, remoteXml]))

        // A second pull of the same jobs rewrites the same set: nothing is duplicated.
        const again = yield* withTarget(Indeed.makeFromUri(`indeed:${path}${publisherQuery}`), (target) =>
          Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.make("updated_at") })
        )
        expect(again.stats).toMatchObject({ created: 0, updated: 2, failed: 1 })
        expect(withoutBuildDate(readFileSync(path, "utf8"))).toBe(feedXml("*", [trickyXml, remoteXml]))
      }).pipe(Effect.scoped)
    )

    it.live("push in events mode: a deleted event takes the job out, an updated one rewrites it, the rest stay", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.xml")
        yield* withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) => t.write("job", records(plain("a", "Alpha"), plain("b", "Beta"), plain("c", "Gamma"))))
        const origin = Memory.make({ seed: { job: records(plain("b", "Beta v2")) } })
        const result = yield* withTarget(Indeed.makeFromUri(`indeed:${path}`), (target) =>
          Pipeline.push({
            resource: "job",
            origin,
            target,
            mode: "events",
            events: [
              { type: "deleted", resource_id: "a" },
              { type: "updated", resource_id: "b" }
            ]
          })
        )
        expect(result).toMatchObject({ total_events: 2, total_archived: 1, total_resources_pushed: 1, errors: [] })
        expect(withoutBuildDate(readFileSync(path, "utf8"))).toBe(feedXml("*", [plainXml("b", "Beta v2"), plainXml("c", "Gamma")], false))
      }).pipe(Effect.scoped)
    )

    it.scoped("a feed found without its state file is refused instead of being cut down to one run", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.xml")
        yield* withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) => t.write("job", records(plain("a", "Alpha"), plain("b", "Beta"))))
        rmSync(`${path}.jsonl`)
        const before = readFileSync(path, "utf8")
        const error = yield* Effect.flip(withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) => t.write("job", records(plain("c", "Gamma")))))
        expect(error).toMatchObject({ _tag: "ConfigError", field: "state" })
        expect(readFileSync(path, "utf8")).toBe(before)
      })
    )

    it.scoped("a state file kept before the unified job was renamed (title, description) still lists its jobs", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.xml")
        yield* withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) => t.write("job", records(plain("a", "Alpha"))))
        const { name, text, ...old } = stateOf(path)[0] as Record<string, unknown>
        writeFileSync(`${path}.jsonl`, `${JSON.stringify({ ...old, title: name, description: text })}\n`)
        yield* withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) => t.write("job", records(plain("b", "Beta"))))
        const xml = readFileSync(path, "utf8")
        expect(xml).toContain("<title>Alpha</title>")
        expect(xml).toContain("<description><![CDATA[About Alpha]]></description>")
        expect(xml).toContain("<title>Beta</title>")
      })
    )

    it.scoped("a corrupt state file fails the commit with a DecodeError naming the line; the feed stays", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const path = join(dir, "jobs.xml")
        yield* withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) => t.write("job", records(plain("a", "Alpha"))))
        writeFileSync(`${path}.jsonl`, '{"id":"a","title":"Alpha"}\n{oops\n')
        const before = readFileSync(path, "utf8")
        const error = yield* Effect.flip(withTarget(Indeed.makeFromUri(`indeed:${path}`), (t) => t.write("job", records(plain("c", "Gamma")))))
        expect(error).toMatchObject({ _tag: "DecodeError" })
        expect((error as Error).message).toContain("line 2")
        expect(readFileSync(path, "utf8")).toBe(before)
      })
    )

    it.scoped("profiles are not supported, and the feed is a target only", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const target = yield* Indeed.makeFromUri(`indeed:${join(dir, "jobs.xml")}`)
        expect(target.capabilities).toEqual({ read: [], write: ["job"], archive: ["job"] })
        expect(target.warehouseType).toBe("jobboard")
        expect(yield* Effect.flip(target.write("profile", [{ id: "p" }]))).toMatchObject({ _tag: "Unsupported" })
        expect(yield* Effect.flip(Connector.require(target, "profile", "write"))).toMatchObject({ _tag: "Unsupported" })
        expect(yield* Effect.flip(Connector.require(target, "job", "read"))).toMatchObject({ _tag: "Unsupported" })
      })
    )

    it.scoped("URIs: publisher and date format from the query or auth (auth wins); bad ones are ConfigErrors naming the field", () =>
      Effect.gen(function* () {
        expect(Indeed.parseUri("indeed:out/jobs.xml?publisher=A&date_format=iso8601", { publisher: "B" })).toEqual(
          Either.right(expect.objectContaining({ publisher: "B", dateFormat: "iso8601", path: expect.stringMatching(/\/out\/jobs\.xml$/) }))
        )
        expect(Indeed.parseUri("indeed:jobs.txt")).toEqual(Either.left(expect.objectContaining({ field: "uri" })))
        expect(Indeed.parseUri("indeed:")).toEqual(Either.left(expect.objectContaining({ field: "uri" })))
        expect(Indeed.parseUri("indeed:a.xml", { date_format: "rfc822" })).toEqual(Either.left(expect.objectContaining({ field: "date_format" })))

        const dir = yield* tempDir
        const path = join(dir, "reg.xml")
        const registry = Registry.make([], [Indeed.resolver])
        expect(registry.isUri(`indeed:${path}`)).toBe(true)
        yield* TestClock.setTime(MARCH_1_NOON)
        yield* Effect.scoped(Effect.flatMap(registry.resolve(`indeed:${path}`, { publisher_url: "https://x.example" }), (t) => t.write("job", records(remote))))
        expect(readFileSync(path, "utf8")).toBe(
          `<?xml version="1.0" encoding="utf-8"?>\n<source>\n  <publisherurl>https://x.example</publisherurl>\n` +
            `  <lastBuildDate>Fri, 01 Mar 2024 12:00:00 GMT</lastBuildDate>\n${remoteXml}</source>\n`
        )
      })
    )
  })
})
