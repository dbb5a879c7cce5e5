/**
 * Sync definitions and a single local worker, in process on SQLite: definitions are checked before
 * they are stored and never give their auth values back; a worker runs due and requested syncs,
 * records runs and attempts, and one tenant's failing sync does not stop the others.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { join } from "node:path"
import * as Definition from "../../src/scale/Definition.js"
import { SyncStore } from "../../src/scale/SyncStore.js"
import * as Syncs from "../../src/scale/Syncs.js"
import * as FakeA from "../fakes/WarehouseA.js"
import * as Harness from "./Harness.js"
import { tempDir } from "../connectors/sql/Engines.js"

const decode = Schema.decodeUnknownSync(Definition.SyncInput)

const input = (over: Record<string, unknown> = {}) =>
  decode({
    name: "acme-jobs",
    tenant: "acme",
    resource: "job",
    origin: "warehouse_a",
    origin_auth: { api_key: "super-secret-key-123", base_url: "http://127.0.0.1:9" },
    target: "sqlite:acme.db",
    schedule: "*/5 * * * *",
    ...over
  })

describe("sync definitions", () => {
  it.scopedLive("are stored with their auth, answered without it, and replaced only on request", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      yield* Effect.gen(function* () {
        const saved = yield* Syncs.add(input())
        expect(saved).toMatchObject({
          name: "acme-jobs",
          tenant: "acme",
          concurrency_class: "warehouse_a",
          origin_auth_keys: ["api_key", "base_url"],
          enabled: true
        })
        expect(JSON.stringify(saved)).not.toContain("super-secret-key-123")
        expect(Date.parse(saved.next_due_at!)).toBeGreaterThan(Date.now() - 1000)
        expect(new Date(saved.next_due_at!).getUTCMinutes() % 5).toBe(0)

        const again = yield* Effect.flip(Syncs.add(input()))
        expect(again._tag).toBe("SyncExists")
        const replaced = yield* Syncs.add(input({ tenant: "acme-2", concurrency_class: "vendor-x", enabled: false }), { replace: true })
        expect(replaced).toMatchObject({ tenant: "acme-2", concurrency_class: "vendor-x", enabled: false, next_due_at: null, created_at: saved.created_at })

        // Workers get the auth back; nothing else does.
        const stored = yield* Syncs.getStored("acme-jobs")
        expect(stored.origin_auth).toEqual({ api_key: "super-secret-key-123", base_url: "http://127.0.0.1:9" })
        yield* Syncs.add(input({ name: "globex-jobs", tenant: "globex" }))
        expect((yield* Syncs.list()).map((s) => s.name)).toEqual(["acme-jobs", "globex-jobs"])
        expect((yield* Syncs.list({ tenant: "globex" })).map((s) => s.name)).toEqual(["globex-jobs"])
        expect(JSON.stringify(yield* Syncs.list())).not.toContain("super-secret-key-123")

        const requested = yield* Syncs.runNow("globex-jobs")
        expect(requested.run_requested_at).not.toBeNull()
        const status = yield* Syncs.status("globex-jobs")
        expect(status).toMatchObject({ current: null, last_run: null, runs_succeeded: 0, runs_failed: 0 })

        yield* Syncs.remove("acme-jobs")
        expect((yield* Effect.flip(Syncs.remove("acme-jobs")))._tag).toBe("SyncNotFound")
        expect((yield* Effect.flip(Syncs.status("acme-jobs")))._tag).toBe("SyncNotFound")
        expect((yield* Effect.flip(Syncs.runNow("nope")))._tag).toBe("SyncNotFound")

        yield* Syncs.setLimit({ concurrency_class: "warehouse_a", max_concurrent: 7 })
        yield* Syncs.setLimit({ concurrency_class: "warehouse_a", max_concurrent: 3 })
        expect(yield* Syncs.limits).toEqual([{ concurrency_class: "warehouse_a", max_concurrent: 3 }])
      }).pipe(Effect.provide(Harness.environment(`sqlite:${join(dir, "state.db")}`)))
    })
  )

  it.scoped("are checked before they are stored: schedule, connectors, WHERE, formatter", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const rejects = (over: Record<string, unknown>) => Either.isLeft(Schema.decodeUnknownEither(Definition.SyncInput)({ ...input(), ...over }))
      expect(rejects({ schedule: "61 * * * *" })).toBe(true)
      expect(rejects({ schedule: "every minute" })).toBe(true)
      expect(rejects({ name: "no spaces allowed" })).toBe(true)
      expect(rejects({ batch_size: 0 })).toBe(true)
      expect(rejects({ schedule: "*/10 * * * * *" })).toBe(false)
      yield* Effect.gen(function* () {
        const unknownOrigin = yield* Effect.flip(Syncs.add(input({ origin: "no_such_vendor" })))
        expect(unknownOrigin).toMatchObject({ _tag: "InvalidInput", field: "origin" })
        const where = yield* Effect.flip(
          Syncs.add(
            input({
              where: [
                { field: "status", op: "eq", value: "open" },
                { field: "no_such_field", op: "eq", value: 1 }
              ]
            })
          )
        )
        expect(where).toMatchObject({ _tag: "UnknownField", field: "where[1].field", fieldName: "no_such_field" })
        const op = yield* Effect.flip(Syncs.add(input({ where: [{ field: "title", op: "gt", value: "a" }] })))
        expect(op).toMatchObject({ _tag: "IneligibleOperator", field: "where[0].op", fieldName: "title" })
        const having = yield* Effect.flip(Syncs.add(input({ having: [{ field: "nope.deep", op: "eq", value: 1 }] })))
        expect(having).toMatchObject({ _tag: "UnknownField", field: "having[0].field", fieldName: "nope.deep" })
        const formatter = yield* Effect.flip(Syncs.add(input({ formatter_id: "fmt_missing" })))
        expect(formatter._tag).toBe("UnknownFormatter")
        expect(yield* Syncs.list()).toEqual([])
      }).pipe(Effect.provide(Harness.environment(`sqlite:${join(dir, "state.db")}`)))
    })
  )

  it.scopedLive("keep one active run per sync, and prune old history", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      yield* Effect.gen(function* () {
        const store = yield* SyncStore
        yield* Syncs.add(input())
        const queued = (n: number) => ({
          run_id: `acme-jobs@${n}`,
          sync: "acme-jobs",
          tenant: "acme",
          trigger: "manual" as const,
          concurrency_class: "warehouse_a",
          lane: "warehouse_a#0",
          queued_at: new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString(),
          consumes_due_at: null,
          next_due_at: null,
          consumes_request: null
        })
        for (let n = 0; n < 3; n++) {
          expect(yield* store.queue(queued(n))).toBe(true)
          // A second run of the same sync is refused while one is active.
          expect(yield* store.queue({ ...queued(n), run_id: `acme-jobs@${n}-again` })).toBe(false)
          const attempt = yield* store.startAttempt(`acme-jobs@${n}`, "w", new Date().toISOString())
          expect(attempt).toEqual(Option.some(1))
          yield* store.finish(
            `acme-jobs@${n}`,
            1,
            { status: "succeeded", counters: Definition.emptyCounters, cursor: null, error: null },
            new Date().toISOString()
          )
        }
        expect(yield* store.startAttempt("unknown-run", "w", new Date().toISOString())).toEqual(Option.none())
        yield* store.prune(2)
        expect((yield* store.runs("acme-jobs", 10)).map((r) => r.run_id)).toEqual(["acme-jobs@2", "acme-jobs@1"])
        expect((yield* store.attempts("acme-jobs")).map((a) => a.run_id).sort()).toEqual(["acme-jobs@1", "acme-jobs@2"])
        expect(yield* store.totals("acme-jobs")).toEqual({ succeeded: 2, failed: 0 })
      }).pipe(Effect.provide(Harness.environment(`sqlite:${join(dir, "state.db")}`)))
    })
  )

  it("name the default concurrency class after the origin's connector or URI scheme", () => {
    expect(Definition.defaultClassOf("greenhouse")).toBe("greenhouse")
    expect(Definition.defaultClassOf("postgresql://db/x")).toBe("postgres")
    expect(Definition.defaultClassOf("sqlite:a.db")).toBe("sqlite")
    expect(Either.getOrThrow(Syncs.parseLimit("lever=5"))).toEqual({ concurrency_class: "lever", max_concurrent: 5 })
    expect(Either.isLeft(Syncs.parseLimit("lever=0"))).toBe(true)
    expect(Either.isLeft(Syncs.parseLimit("lever"))).toBe(true)
    expect(Syncs.absoluteUri("sqlite:out.db", "/srv/etl")).toBe("sqlite:/srv/etl/out.db")
    expect(Syncs.absoluteUri("file://jobs.jsonl?mode=append", "/srv/etl")).toBe("file:/srv/etl/jobs.jsonl?mode=append")
    expect(Syncs.absoluteUri("file:/data/jobs.csv", "/srv/etl")).toBe("file:/data/jobs.csv")
    expect(Syncs.absoluteUri("sqlite::memory:", "/srv/etl")).toBe("sqlite::memory:")
    expect(Syncs.absoluteUri("postgres://db/x", "/srv/etl")).toBe("postgres://db/x")
    expect(Syncs.absoluteUri("greenhouse", "/srv/etl")).toBe("greenhouse")
  })
})

describe("a single local worker (SQLite)", () => {
  it.live(
    "runs requested syncs, records runs, and isolates a failing tenant",
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const dir = yield* tempDir
          const state = `sqlite:${join(dir, "state.db")}`
          const jobs = [Harness.jobsOf(1, 25), Harness.jobsOf(2, 7), Harness.jobsOf(3, 12)]
          const fakes = yield* Effect.forEach(jobs, (list, i) => FakeA.start({ apiKey: `key-${i}`, jobs: list }))
          const env = Harness.environment(state)
          yield* Effect.gen(function* () {
            for (let i = 0; i < fakes.length; i++) {
              yield* Syncs.add(
                input({
                  name: `tenant-${i}`,
                  tenant: `tenant-${i}`,
                  origin_auth: { api_key: `key-${i}`, base_url: fakes[i]!.url },
                  target: `sqlite:${join(dir, `t${i}.db`)}`,
                  schedule: "0 0 1 1 *",
                  batch_size: 5
                })
              )
            }
            // This tenant's key is wrong: every run fails with the vendor's 401.
            yield* Syncs.add(
              input({
                name: "tenant-broken",
                tenant: "broken",
                origin_auth: { api_key: "wrong-key-4567", base_url: fakes[0]!.url },
                target: `sqlite:${join(dir, "broken.db")}`,
                schedule: "0 0 1 1 *"
              })
            )
            yield* Syncs.setLimit({ concurrency_class: "warehouse_a", max_concurrent: 1 })
            // The broken sync is requested first: with one lane, the others run after it fails.
            for (const name of ["tenant-broken", "tenant-0", "tenant-1", "tenant-2"]) yield* Syncs.runNow(name)
          }).pipe(Effect.provide(env))

          const worker = yield* Effect.forkScoped(Harness.runWorker({ stateUri: state, name: "local", tick: "100 millis" }))
          const finished = (names: ReadonlyArray<string>) =>
            Effect.gen(function* () {
              for (;;) {
                const statuses = yield* Effect.forEach(names, Syncs.status).pipe(Effect.provide(env))
                if (statuses.every((s) => s.last_run !== null && s.current === null)) return statuses
                yield* Effect.sleep("100 millis")
              }
            }).pipe(Effect.timeoutFail({ duration: "45 seconds", onTimeout: () => new Error("runs did not finish") }))
          const [broken, ...good] = yield* finished(["tenant-broken", "tenant-0", "tenant-1", "tenant-2"])
          expect(broken!.last_run).toMatchObject({ status: "failed", worker: "local", attempts: 1 })
          expect(broken!.last_run!.error).toMatch(/401|auth|key/i)
          expect(broken!.last_run!.error).not.toContain("wrong-key-4567")
          for (let i = 0; i < good.length; i++) {
            expect(good[i]!.last_run).toMatchObject({ status: "succeeded", trigger: "manual", lane: "warehouse_a#0", worker: "local" })
            expect(good[i]!.last_run!.counters).toMatchObject({ read: jobs[i]!.length, written: jobs[i]!.length, failed: 0 })
            expect([...Harness.targetJobs(join(dir, `t${i}.db`)).keys()].sort()).toEqual(jobs[i]!.map((j) => String(j.job_id)).sort())
          }

          // A second run resumes from the checkpoint: nothing new to write.
          yield* Syncs.runNow("tenant-0").pipe(Effect.provide(env))
          yield* Effect.gen(function* () {
            for (;;) {
              const runs = yield* Syncs.history("tenant-0").pipe(Effect.provide(env))
              if (runs.length === 2 && runs[0]!.status === "succeeded") return runs
              yield* Effect.sleep("100 millis")
            }
          }).pipe(Effect.timeout("30 seconds"))
          const [second] = yield* Syncs.history("tenant-0").pipe(Effect.provide(env))
          expect(second!.counters.written).toBe(0)
          yield* Fiber.interrupt(worker)
        })
      ),
    { timeout: 90_000 }
  )

  it.live(
    "a worker stopped mid-run leaves the run to the next worker, which resumes it from the checkpoint",
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const dir = yield* tempDir
          const state = `sqlite:${join(dir, "state.db")}`
          const env = Harness.environment(state)
          const jobs = Harness.jobsOf(9, 40)
          const fake = yield* FakeA.start({ apiKey: "key-9", jobs })
          // 150 ms per call: eight pages of five take over a second, time enough to stop the worker mid-run.
          const slow = yield* Harness.gateway(new Map([["t9", fake.url]]), 150)
          yield* Effect.gen(function* () {
            yield* Syncs.add(
              input({
                name: "slow",
                origin_auth: { api_key: "key-9", base_url: `${slow.url}/t/t9` },
                target: `sqlite:${join(dir, "slow.db")}`,
                schedule: "0 0 1 1 *",
                batch_size: 5
              })
            )
            yield* Syncs.runNow("slow")
          }).pipe(Effect.provide(env))
          const runOf = Effect.map(Syncs.history("slow"), (runs) => runs[0]).pipe(Effect.provide(env))

          // A stopping worker lets runs finish for up to entityTerminationTimeout, then interrupts them:
          // here it interrupts at once.
          const first = yield* Effect.forkDaemon(
            Harness.runWorker({ stateUri: state, name: "first", tick: "100 millis", sharding: { entityTerminationTimeout: "10 millis" } })
          )
          yield* Effect.gen(function* () {
            for (;;) {
              const run = yield* runOf
              if (run !== undefined && run.counters.batches >= 2) return
              yield* Effect.sleep("20 millis")
            }
          }).pipe(Effect.timeout("30 seconds"))
          yield* Fiber.interrupt(first)
          const stopped = yield* runOf
          expect(stopped).toMatchObject({ status: "running", attempts: 1 })
          const attempts = yield* Effect.flatMap(SyncStore, (store) => store.attempts("slow")).pipe(Effect.provide(env))
          expect(attempts).toMatchObject([{ attempt: 1, worker: "first", status: "interrupted" }])
          expect(attempts[0]!.finished_at).not.toBeNull()
          const writtenBefore = stopped!.counters.written

          const second = yield* Effect.forkScoped(Harness.runWorker({ stateUri: state, name: "second", tick: "100 millis" }))
          const done = yield* Effect.gen(function* () {
            for (;;) {
              const run = yield* runOf
              if (run !== undefined && run.status !== "running" && run.status !== "queued") return run
              yield* Effect.sleep("50 millis")
            }
          }).pipe(Effect.timeoutFail({ duration: "45 seconds", onTimeout: () => new Error("the run was not resumed") }))
          expect(done).toMatchObject({ status: "succeeded", attempts: 2, worker: "second" })
          // The second attempt started from the checkpoint: it read only what the first had not written.
          expect(done.counters.read).toBeLessThan(jobs.length)
          expect(done.counters.read).toBeGreaterThanOrEqual(jobs.length - writtenBefore)
          expect([...Harness.targetJobs(join(dir, "slow.db")).keys()].sort()).toEqual(jobs.map((j) => String(j.job_id)).sort())
          yield* Fiber.interrupt(second)
        })
      ),
    { timeout: 90_000 }
  )
})
