/**
 * Greenhouse v3 against its fake under faults: 1,200 jobs (300 sharing one `updated_at`), a 429 with
 * Retry-After every few requests, 500s, dropped connections and tokens that expire mid-run. Exactly
 * 1,200 are written, a resumed run writes nothing, 5 edits + 5 new jobs are the next run's 10, and the
 * client secret reaches neither the output, the logs nor the state store.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Greenhouse from "../../../src/connectors/greenhouse/index.js"
import * as Cursor from "../../../src/core/Cursor.js"
import * as Pipeline from "../../../src/core/Pipeline.js"
import * as State from "../../../src/core/State.js"
import * as Memory from "../../../src/testing/Memory.js"
import * as FakeGreenhouse from "../../fakes/Greenhouse.js"
import { configFor, job, seedReferences } from "./Fixtures.js"

const secret = "gh-Cl1ent/Secret+v3=xyz"
const pipelineId = "greenhouse-jobs"
const base = Date.UTC(2024, 0, 1)
const at = (second: number) => new Date(base + second * 1000).toISOString()

/** 1,200 jobs: the first 300 share one timestamp, the rest one second apart. */
const jobs = Array.from({ length: 1200 }, (_, i) => job(i + 1, at(i < 300 ? 0 : i - 299)))

/** Every 7th API request is throttled, every 11th fails with 500, every 13th drops its connection. */
const fault = (n: number): FakeGreenhouse.Fault | undefined => (n % 7 === 0 ? "429" : n % 11 === 0 ? "500" : n % 13 === 0 ? "reset" : undefined)

describe("Greenhouse v3 under faults (live, loopback)", () => {
  it.scopedLive(
    "1,200 jobs: exactly 1,200 written, a resumed run writes 0, 5 edits + 5 new → 10; the secret is nowhere",
    () =>
      Effect.gen(function* () {
        const logs: Array<string> = []
        const logger = Logger.replace(
          Logger.defaultLogger,
          Logger.make((options) => {
            logs.push(Logger.logfmtLogger.log(options), Cause.pretty(options.cause))
          })
        )
        const fake = yield* FakeGreenhouse.make({ clientSecret: secret, fault, tokenRequests: 9, retryAfterSeconds: 1, maxRequests: 2_000 })
        seedReferences(fake)
        fake.seed("job", jobs)
        const origin = yield* Greenhouse.make({
          ...configFor(fake),
          client_secret: Redacted.make(secret),
          // Retry-After: 1 is honoured but capped, so the run takes milliseconds per wait.
          retry: { maxAttempts: 6, baseDelay: "1 millis", maxDelay: "5 millis", maxRetryAfter: "5 millis", maxElapsed: "1 minute" }
        })
        const target = Memory.make({ name: "memory-target" })
        const store = yield* State.makeMemory
        const run = (cursor: Cursor.Cursor) =>
          Pipeline.pull({
            resource: "job",
            origin,
            target,
            cursor,
            batchSize: 100,
            onCheckpoint: (c) => store.saveCursor(pipelineId, c),
            onFailures: (failures) => store.recordFailures(failures)
          }).pipe(Effect.provide(Logger.minimumLogLevel(LogLevel.All)), Effect.provide(logger))
        const resume = Effect.map(store.loadCursor(pipelineId), (saved) => Cursor.resumeFrom(Option.getOrThrow(saved)))

        const first = yield* run(Cursor.make("updated_at"))
        expect(first.stats.written).toBe(1200)
        expect(first.stats.failed).toBe(0)
        expect(target.data.job.size).toBe(1200)
        expect(target.writes.reduce((n, w) => n + w.batch.length, 0)).toBe(1200)
        // The faults happened, and tokens were fetched again as they expired.
        expect(first.stats.retries).toBeGreaterThan(5)
        expect(fake.tokensIssued()).toBeGreaterThan(2)

        const second = yield* run(yield* resume)
        expect(second.stats.written).toBe(0)

        for (const i of [1, 150, 299, 700, 1200]) fake.seed("job", [{ ...job(i, at(2000)), name: `Edited ${i}` }])
        fake.seed(
          "job",
          Array.from({ length: 5 }, (_, k) => job(2000 + k, at(2001)))
        )
        const third = yield* run(yield* resume)
        expect(third.stats.written).toBe(10)
        expect(target.data.job.size).toBe(1205)
        expect(target.data.job.get("4150")).toMatchObject({ name: "Edited 150" })

        // Every request after the token's first carried a bearer token; the secret went only to /token, Basic-encoded.
        const requests = yield* fake.requests
        expect(requests.filter((r) => r.path.startsWith("/v3/")).every((r) => r.headers.authorization?.startsWith("Bearer ") === true)).toBe(true)
        const saved = yield* store.loadCursor(pipelineId)
        const failures = yield* store.listFailures()
        const texts = [JSON.stringify([first, second, third]), ...logs, JSON.stringify(saved), JSON.stringify(failures), JSON.stringify(target.writes)]
        const forms = [
          secret,
          encodeURIComponent(secret),
          Buffer.from(`${fake.clientId}:${secret}`).toString("base64"),
          Buffer.from(`${fake.clientId}:${encodeURIComponent(secret)}`).toString("base64")
        ]
        for (const text of texts) for (const form of forms) expect(text).not.toContain(form)
        expect(logs.length).toBeGreaterThan(0)
      }),
    60_000
  )
})
