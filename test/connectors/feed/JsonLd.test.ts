import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { JsonLd } from "../../../src/connectors/feed/index.js"
import * as Connector from "../../../src/core/Connector.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as Registry from "../../../src/core/Registry.js"
import * as Memory from "../../../src/testing/Memory.js"
import { tempDir } from "../sql/Engines.js"
import { filesIn, incomplete, original, plain, records, remote, tricky, withTarget } from "./Fixtures.js"

/** The exact file written for the tricky job: `<` escaped as \u003c, everything else plain JSON. */
const trickyFile = `{
  "@context": "https://schema.org",
  "@type": "JobPosting",
  "title": "Senior \\"C++\\" & \\u003cRust> Engineer's",
  "description": "\\u003cp>Build ]]> things & more\\u003c/p> 日本語 😀",
  "identifier": {
    "@type": "PropertyValue",
    "name": "Zoë & Co",
    "value": "job-1"
  },
  "datePosted": "2024-01-15T09:30:00Z",
  "employmentType": "FULL_TIME",
  "hiringOrganization": {
    "@type": "Organization",
    "name": "Zoë & Co"
  },
  "jobLocation": {
    "@type": "Place",
    "address": {
      "@type": "PostalAddress",
      "addressLocality": "Zürich",
      "addressRegion": "ZH",
      "postalCode": "8001",
      "addressCountry": "CH"
    }
  },
  "baseSalary": {
    "@type": "MonetaryAmount",
    "currency": "CHF",
    "value": {
      "@type": "QuantitativeValue",
      "minValue": 100000,
      "maxValue": 120000,
      "unitText": "YEAR"
    }
  },
  "url": "https://jobs.example/a?x=1&y=2"
}
`

const remoteDocument = {
  "@context": "https://schema.org",
  "@type": "JobPosting",
  title: "Remote Support",
  description: "Help customers",
  identifier: { "@type": "PropertyValue", name: "Acme", value: "job-2" },
  datePosted: "2024-02-29T23:59:59+02:00",
  validThrough: "2024-06-30T00:00:00Z",
  employmentType: "PART_TIME",
  hiringOrganization: { "@type": "Organization", name: "Acme" },
  jobLocation: { "@type": "Place", address: { "@type": "PostalAddress", addressCountry: "DE" } },
  jobLocationType: "TELECOMMUTE",
  applicantLocationRequirements: { "@type": "Country", name: "DE" },
  baseSalary: { "@type": "MonetaryAmount", currency: "EUR", value: { "@type": "QuantitativeValue", minValue: 20, unitText: "HOUR" } },
  url: "https://apply.example/2"
}

const documentIn = (dir: string, id: string): unknown => JSON.parse(readFileSync(join(dir, JsonLd.fileName(id)), "utf8"))

describe("schema.org JobPosting JSON-LD", () => {
  describe("rendering", () => {
    it("the document of a job with quotes, ampersands, angle brackets, ]]>, unicode and a salary range", () => {
      const document = Either.getOrThrow(JsonLd.jobPosting(tricky))
      expect(JsonLd.serialize(document)).toBe(trickyFile)
      // Escaping < changes the text, not the meaning.
      expect(JSON.parse(trickyFile)).toEqual(document)
    })

    it("a remote job: TELECOMMUTE with the applicants' country, an open-ended hourly salary, validThrough", () => {
      expect(JsonLd.jobPosting(remote)).toEqual(Either.right(remoteDocument))
    })

    it("a job in the original's shape: name, text, address parts and coordinates from location, the salary from ranges_float", () => {
      expect(Either.getOrThrow(JsonLd.jobPosting(original))).toMatchObject({
        title: "Data Scientist",
        description: "Models and more",
        jobLocation: {
          address: { streetAddress: "1 Rue de Rivoli", addressLocality: "Paris", postalCode: "75001", addressCountry: "FR" },
          geo: { "@type": "GeoCoordinates", latitude: 48.8566, longitude: 2.3522 }
        },
        baseSalary: { currency: "EUR", value: { minValue: 50000, maxValue: 60000 } }
      })
    })

    it("a description holding </script> cannot end the embedding script element", () => {
      const text = JsonLd.serialize(Either.getOrThrow(JsonLd.jobPosting({ ...plain("x", "T"), text: "a</script><script>alert(1)</script>" })))
      expect(text).not.toContain("</script")
      expect((JSON.parse(text) as { description: string }).description).toBe("a</script><script>alert(1)</script>")
    })

    it("every unified employment type maps to schema.org's vocabulary; a salary without currency is left out", () => {
      const types = (["full_time", "part_time", "contract", "temporary", "internship", "volunteer", "per_diem", "other"] as const).map(
        (employment_type) => Either.getOrThrow(JsonLd.jobPosting({ ...plain("x", "T"), employment_type })).employmentType
      )
      expect(types).toEqual(["FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"])
      expect(Either.getOrThrow(JsonLd.jobPosting({ ...plain("x", "T"), salary: { min: 1, max: 2 } }))).not.toHaveProperty("baseSalary")
    })

    it("names every missing required property with where it comes from", () => {
      expect(JsonLd.jobPosting(incomplete)).toEqual(
        Either.left([
          "description (text or summary)",
          "datePosted (published_at or created_at)",
          "hiringOrganization.name (company)",
          "jobLocation (location) or jobLocationType TELECOMMUTE (remote)"
        ])
      )
      expect(JsonLd.missingFields({ ...incomplete, remote: true, summary: "s", created_at: "2024-01-01T00:00:00Z", company: "C" })).toEqual([])
    })

    it("file names: ids are percent-encoded (slashes, a leading dot, unicode) and read back", () => {
      for (const [id, file] of [
        ["a/b", "a%2Fb.json"],
        [".env", "%2Eenv.json"],
        ["..", "%2E..json"],
        ["zoë 1", "zo%C3%AB%201.json"],
        ["job-1", "job-1.json"]
      ]) {
        expect(JsonLd.fileName(id!)).toBe(file)
        expect(JsonLd.idOfFileName(file!)).toBe(id)
      }
      expect(JsonLd.idOfFileName(".job-1.json.123.abcd.tmp")).toBeUndefined()
      expect(JsonLd.idOfFileName("notes.txt")).toBeUndefined()
    })
  })

  describe("target", () => {
    it.scoped("writes one document per job at commit; nothing before", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const out = join(dir, "postings")
        const outcomes = yield* withTarget(JsonLd.makeFromUri(`jsonld:${out}`), (target) =>
          Effect.gen(function* () {
            const written = yield* target.write("job", records(tricky, remote))
            expect(existsSync(out)).toBe(false)
            return written
          })
        )
        expect(outcomes).toEqual([Connector.Outcome.created("job-1"), Connector.Outcome.created("job-2")])
        expect(filesIn(out)).toEqual(["job-1.json", "job-2.json"])
        expect(readFileSync(join(out, "job-1.json"), "utf8")).toBe(trickyFile)
        expect(documentIn(out, "job-2")).toEqual(remoteDocument)
      })
    )

    it.scoped("the directory is the full set: a second run adds and updates, archive and closed jobs delete", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const uri = `jsonld:${dir}`
        yield* withTarget(JsonLd.makeFromUri(uri), (t) => t.write("job", records(plain("a", "Alpha"), plain("b", "Beta"), plain("a/1", "Slash"))))
        const second = yield* withTarget(JsonLd.makeFromUri(uri), (t) =>
          t.write("job", records(plain("c", "Gamma"), plain("a", "Alpha v2"), plain("a/1", "Slash v2")))
        )
        expect(second).toEqual([Connector.Outcome.created("c"), Connector.Outcome.updated("a"), Connector.Outcome.updated("a/1")])
        expect(filesIn(dir)).toEqual(["a%2F1.json", "a.json", "b.json", "c.json"])
        expect(documentIn(dir, "a")).toMatchObject({ title: "Alpha v2" })
        expect(documentIn(dir, "b")).toMatchObject({ title: "Beta" })

        const third = yield* withTarget(JsonLd.makeFromUri(uri), (t) =>
          Effect.zip(t.archive!("job", ["b"]), t.write("job", records({ ...plain("a/1", "Slash"), status: "archived" })))
        )
        expect(third).toEqual([[Connector.Outcome.archived("b")], [Connector.Outcome.archived("a/1")]])
        expect(filesIn(dir)).toEqual(["a.json", "c.json"])
      })
    )

    it.scoped("a run that fails before the commit changes no document and leaves no temporary file", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        yield* withTarget(JsonLd.makeFromUri(`jsonld:${dir}`), (t) => t.write("job", records(plain("a", "Alpha"), plain("b", "Beta"))))
        const before = readFileSync(join(dir, "a.json"), "utf8")
        const exit = yield* Effect.exit(
          withTarget(JsonLd.makeFromUri(`jsonld:${dir}`), (t) =>
            Effect.gen(function* () {
              yield* t.write("job", records(plain("a", "Changed"), plain("z", "New")))
              yield* t.archive!("job", ["b"])
              return yield* Effect.fail("boom")
            })
          )
        )
        expect(exit._tag).toBe("Failure")
        expect(readFileSync(join(dir, "a.json"), "utf8")).toBe(before)
        expect(filesIn(dir)).toEqual(["a.json", "b.json"])
      })
    )

    it.scoped("jobs lacking required properties are failed outcomes naming them; ids too long for a file name fail too", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const long = "x".repeat(300)
        const outcomes = yield* withTarget(JsonLd.makeFromUri(`jsonld:${dir}`), (t) =>
          t.write("job", records(incomplete, plain("ok", "Fine"), plain(long, "Long")))
        )
        expect(outcomes[0]).toEqual(
          Connector.Outcome.failed(
            "job-bad",
            "missing required JobPosting fields: description (text or summary), datePosted (published_at or created_at), " +
              "hiringOrganization.name (company), jobLocation (location) or jobLocationType TELECOMMUTE (remote)"
          )
        )
        expect(outcomes[1]).toEqual(Connector.Outcome.created("ok"))
        expect(outcomes[2]).toMatchObject({ _tag: "failed", id: long, reason: expect.stringContaining("too long") })
        expect(filesIn(dir)).toEqual(["ok.json"])
      })
    )

    it.live("pull from the in-memory connector with no formatter: one document per complete job", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const origin = Memory.make({ seed: { job: records(tricky, remote, incomplete) } })
        const result = yield* withTarget(JsonLd.makeFromUri(`jsonld:${dir}`), (target) =>
          Pipeline.pull({ resource: "job", origin, target, cursor: Cursor.make("updated_at") })
        )
        expect(result.stats).toMatchObject({ read: 3, written: 2, created: 2, failed: 1 })
        expect(result.stats.errors).toEqual([
          expect.objectContaining({ id: "job-bad", stage: "write", message: expect.stringContaining("hiringOrganization.name (company)") })
        ])
        expect(filesIn(dir)).toEqual(["job-1.json", "job-2.json"])
        expect(readFileSync(join(dir, "job-1.json"), "utf8")).toBe(trickyFile)
        expect(documentIn(dir, "job-2")).toEqual(remoteDocument)
      }).pipe(Effect.scoped)
    )

    it.scoped("profiles are not supported; a .json path is refused (the target is a directory); the registry resolves jsonld:", () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const registry = Registry.make([], [JsonLd.resolver])
        const target = yield* registry.resolve(`jsonld:${dir}`)
        expect(target.capabilities).toEqual({ read: [], write: ["job"], archive: ["job"] })
        expect(yield* Effect.flip(target.write("profile", [{ id: "p" }]))).toMatchObject({ _tag: "Unsupported" })
        expect(yield* Effect.flip(registry.resolve(`jsonld:${join(dir, "jobs.json")}`))).toMatchObject({ _tag: "ConfigError", field: "uri" })
        expect(JsonLd.parseUri("jsonld:")).toEqual(Either.left(expect.objectContaining({ field: "uri" })))
      })
    )
  })
})
