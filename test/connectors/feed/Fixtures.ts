/**
 * Unified jobs shared by the feed tests: one with every character that needs escaping, a CDATA
 * terminator in its description, unicode and a salary range; one remote job; one lacking most
 * required fields.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { readdirSync } from "node:fs"
import type * as Connector from "../../../src/core/Connector.js"
import type * as Unified from "../../../src/core/Unified.js"

/** Every special character in text, `]]>` in the text, unicode, a salary range. */
export const tricky: Unified.UnifiedJob = {
  id: "job-1",
  name: 'Senior "C++" & <Rust> Engineer\'s',
  company: "Zoë & Co",
  url: "https://jobs.example/a?x=1&y=2",
  published_at: "2024-01-15T09:30:00Z",
  created_at: "2023-12-01T00:00:00Z",
  updated_at: "2024-01-16T00:00:00Z",
  location: { city: "Zürich", region: "ZH", country: "CH", postal_code: "8001" },
  text: "<p>Build ]]> things & more</p> 日本語 😀",
  salary: { min: 100000, max: 120000, currency: "CHF", period: "year" },
  employment_type: "full_time",
  requisition_id: "REQ-7",
  status: "open",
  payload: { native: "not in the feed" }
}

/** A remote job: no city, a country, a summary instead of a text, dates with an offset. */
export const remote: Unified.UnifiedJob = {
  id: "job-2",
  name: "Remote Support",
  company: "Acme",
  apply_url: "https://apply.example/2",
  created_at: "2024-02-29T23:59:59+02:00",
  updated_at: "2024-03-01T00:00:00Z",
  remote: true,
  location: { country: "DE" },
  summary: "Help customers",
  employment_type: "part_time",
  salary: { min: 20, currency: "EUR", period: "hour" },
  closes_at: "2024-06-30T00:00:00Z"
}

/** A job lacking company, url, location, text and dates. */
export const incomplete: Unified.UnifiedJob = { id: "job-bad", name: "Nameless", updated_at: "2024-01-20T00:00:00Z" }

/** A plain open job with everything a feed requires. */
export const plain = (id: string, name: string, updated_at = "2024-03-02T00:00:00Z"): Unified.UnifiedJob => ({
  id,
  name,
  company: "Acme",
  url: `https://jobs.example/${id}`,
  published_at: "2024-03-01T00:00:00Z",
  updated_at,
  location: { city: "Paris", country: "FR" },
  text: `About ${name}`
})

/**
 * A job as the original project writes one: address parts only in `location.fields` (with the
 * coordinates), the salary only as the `ranges_float` entry named `salary`, a `summary` and a `text`.
 */
export const original: Unified.UnifiedJob = {
  id: "job-3",
  key: "key-3",
  board_key: "board-1",
  name: "Data Scientist",
  company: "Acme",
  url: "https://jobs.example/3",
  summary: "Short",
  text: "Models and more",
  created_at: "2024-04-01T00:00:00Z",
  updated_at: "2024-04-02T00:00:00Z",
  location: {
    text: "1 Rue de Rivoli, 75001 Paris, France",
    lat: 48.8566,
    lng: 2.3522,
    fields: { road: "1 Rue de Rivoli", city: "Paris", postcode: "75001", country: "FR" }
  },
  ranges_float: [{ name: "salary", value_min: 50000, value_max: 60000, unit: "EUR" }]
}

/** The jobs as native records (the targets' native form is the unified one). */
export const records = (...jobs: ReadonlyArray<Unified.UnifiedJob>): ReadonlyArray<Connector.NativeRecord> =>
  jobs as unknown as ReadonlyArray<Connector.NativeRecord>

/** Files in a directory, temporary ones included, sorted. */
export const filesIn = (dir: string): ReadonlyArray<string> => readdirSync(dir).sort()

/** Runs `use` with a target built in its own scope: committed when it succeeds, dropped when it fails. */
export const withTarget = <T, A, E>(build: Effect.Effect<T, E, Scope.Scope>, use: (target: T) => Effect.Effect<A, unknown>): Effect.Effect<A, unknown> =>
  Effect.scoped(Effect.flatMap(build, use))
