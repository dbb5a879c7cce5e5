/**
 * Sync auth payloads at rest (SQLite and PostgreSQL): stored encrypted with HRTECH_ETL_SECRET_KEY,
 * decrypted only for workers; a wrong key or an altered value is a typed error naming the sync (a run
 * fails, listings still work); without a key a definition with auth is refused naming the field (the
 * store, `syncs add` exit 2, `POST /api/syncs` 400); definitions stored in clear by an earlier version
 * still load and are encrypted when saved or rekeyed. After syncs ran (one failing on its vendor's
 * 401), no secret is anywhere in the state database file's bytes.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdirSync, readdirSync, readFileSync } from "node:fs"
import { createServer } from "node:http"
import { join } from "node:path"
import * as SecretBox from "../../src/core/SecretBox.js"
import * as Scrub from "../../src/core/Scrub.js"
import * as Definition from "../../src/scale/Definition.js"
import * as Environment from "../../src/scale/Environment.js"
import * as SqlSyncStore from "../../src/scale/SqlSyncStore.js"
import * as Syncs from "../../src/scale/Syncs.js"
import { Settings } from "../../src/server/Settings.js"
import * as ServerSyncs from "../../src/server/groups/Syncs.js"
import { engines, rawClient, tempDir } from "../connectors/sql/Engines.js"
import * as FakeA from "../fakes/WarehouseA.js"
import * as Harness from "./Harness.js"

const secret = "sk-at-rest-4b1d9e77f0"
const keyText = (): string => randomBytes(32).toString("base64")
const keyOf = (text: string) => Either.getOrThrow(SecretBox.parseKey(Redacted.make(text)))

const decode = Schema.decodeUnknownSync(Definition.SyncInput)
const input = (name: string, over: Record<string, unknown> = {}) =>
  decode({
    name,
    tenant: "acme",
    resource: "job",
    origin: "warehouse_a",
    origin_auth: { api_key: secret, base_url: "http://127.0.0.1:9" },
    target: "sqlite:/tmp/hrtech-never-opened.db",
    schedule: "0 0 1 1 *",
    ...over
  })
const stored = (name: string, over: Record<string, unknown> = {}) => ({ ...input(name, over), concurrency_class: "warehouse_a", next_due_at: null })
const now = "2026-12-05T00:00:00.000Z"

/** A sync store on a fresh database with the given keys, and a raw client to look at its rows. */
const storeOn = (location: { readonly uri: string; readonly prefix: string }, keys: SecretBox.Keys) =>
  Effect.gen(function* () {
    const sql = yield* rawClient(location.uri)
    const tablePrefix = `${location.prefix}sync_`
    const store = yield* Effect.provideService(SqlSyncStore.make({ tablePrefix, keys }), SqlClient.SqlClient, sql)
    const specOf = (name: string) =>
      Effect.map(
        sql<{ spec: string }>`SELECT ${sql("spec")} FROM ${sql(`${tablePrefix}definitions`)} WHERE ${sql("name")} = ${name}`,
        (rows) => JSON.parse(rows[0]!.spec) as Record<string, unknown>
      )
    const setSpec = (name: string, spec: unknown) =>
      sql`UPDATE ${sql(`${tablePrefix}definitions`)} SET ${sql("spec")} = ${JSON.stringify(spec)} WHERE ${sql("name")} = ${name}`
    return { store, specOf, setSpec, tablePrefix, sql }
  }).pipe(Effect.orDie)

/** Runs an effect with environment variables set (restored afterwards); stores read their keys when they are made. */
const withEnv = <A, E, R>(vars: Record<string, string | undefined>, effect: Effect.Effect<A, E, R>) =>
  Effect.acquireUseRelease(
    Effect.sync(() => {
      const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
      for (const [k, v] of Object.entries(vars)) v === undefined ? delete process.env[k] : (process.env[k] = v)
      return saved
    }),
    () => effect,
    (saved) => Effect.sync(() => void Object.entries(saved).forEach(([k, v]) => (v === undefined ? delete process.env[k] : (process.env[k] = v))))
  )

/** Every byte of the SQLite state database (main file, WAL, journal). */
const databaseBytes = (dir: string, file: string): Buffer =>
  Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith(file))
      .map((f) => readFileSync(join(dir, f)))
  )

const expectNoSecretIn = (bytes: Buffer, secrets: ReadonlyArray<string>) => {
  for (const s of secrets) for (const form of Scrub.variants(s)) expect(bytes.includes(Buffer.from(form, "utf8")), `${form} found in the database`).toBe(false)
}

for (const engine of engines) {
  describe(`stored auth payloads (${engine.name})`, () => {
    it.scoped("are encrypted at rest, decrypted for workers only, and bound to their sync and field", () =>
      Effect.gen(function* () {
        const { store, specOf, setSpec } = yield* storeOn(yield* engine.fresh, SecretBox.keysOf(keyOf(keyText())))
        const saved = yield* store.put(stored("acme-jobs", { target_auth: { password: "db-pass-000111" } }), { replace: false, now })
        expect(Definition.view(saved)).toMatchObject({ origin_auth_keys: ["api_key", "base_url"], target_auth_keys: ["password"] })
        const spec = yield* specOf("acme-jobs")
        expect(spec.origin_auth).toMatch(/^enc:v1:[A-Za-z0-9_-]+$/)
        expect(spec.target_auth).toMatch(/^enc:v1:/)
        expect(spec.origin_auth_keys).toEqual(["api_key", "base_url"])
        expect(JSON.stringify(spec)).not.toMatch(/sk-at-rest|db-pass/)
        // Workers get the values back; listings and the scheduler get key names only.
        const opened = Option.getOrThrow(yield* store.get("acme-jobs"))
        expect(opened.origin_auth).toEqual({ api_key: secret, base_url: "http://127.0.0.1:9" })
        expect(opened.target_auth).toEqual({ password: "db-pass-000111" })
        expect(JSON.stringify(yield* store.list())).not.toMatch(/sk-at-rest|db-pass/)
        expect(JSON.stringify(Option.getOrThrow(yield* store.record("acme-jobs")))).not.toMatch(/sk-at-rest|db-pass/)
        // A database URI's password is sealed too; listings show the URI without it.
        const pgUri = "postgres://etl:pg-pw-77aa31@db.internal:5432/hr?sslmode=require"
        yield* store.put(stored("to-pg", { target: pgUri }), { replace: false, now })
        const pgSpec = yield* specOf("to-pg")
        expect(pgSpec.target).toBe("postgres://etl:***@db.internal:5432/hr?sslmode=require")
        expect(pgSpec.target_sealed).toMatch(/^enc:v1:/)
        expect(JSON.stringify(pgSpec)).not.toContain("pg-pw-77aa31")
        expect(Option.getOrThrow(yield* store.get("to-pg")).target).toBe(pgUri)
        expect(Option.getOrThrow(yield* store.record("to-pg")).target).toBe(pgSpec.target)
        expect(Option.getOrThrow(yield* store.get("acme-jobs")).target).toBe("sqlite:/tmp/hrtech-never-opened.db")
        // An empty payload holds nothing secret and stays as it is.
        yield* store.put(stored("no-auth", { origin_auth: {} }), { replace: false, now })
        expect(Option.getOrThrow(yield* store.get("no-auth")).origin_auth).toEqual({})

        // A sealed payload copied to another sync, or to the other field, does not open there.
        yield* store.put(stored("globex-jobs", { tenant: "globex" }), { replace: false, now })
        yield* setSpec("globex-jobs", { ...(yield* specOf("globex-jobs")), origin_auth: spec.origin_auth })
        expect(yield* Effect.flip(store.get("globex-jobs"))).toMatchObject({ _tag: "SyncSecretUnreadable", name: "globex-jobs", field: "origin_auth" })
        yield* setSpec("acme-jobs", { ...spec, target_auth: spec.origin_auth })
        expect(yield* Effect.flip(store.get("acme-jobs"))).toMatchObject({ _tag: "SyncSecretUnreadable", name: "acme-jobs", field: "target_auth" })
      })
    )

    it.scoped("under a wrong key or altered, are a typed error naming the sync (never the value or key); listings still work", () =>
      Effect.gen(function* () {
        const location = yield* engine.fresh
        const first = keyText()
        const written = yield* storeOn(location, SecretBox.keysOf(keyOf(first)))
        yield* written.store.put(stored("acme-jobs"), { replace: false, now })
        const sealed = (yield* written.specOf("acme-jobs")).origin_auth as string

        const second = keyText()
        const other = yield* storeOn(location, SecretBox.keysOf(keyOf(second)))
        const wrong = yield* Effect.flip(other.store.get("acme-jobs"))
        expect(wrong).toMatchObject({ _tag: "SyncSecretUnreadable", name: "acme-jobs", field: "origin_auth", code: "secret_unreadable" })
        expect(wrong.message).toMatch(/^sync "acme-jobs": its stored origin_auth cannot be read: .*HRTECH_ETL_SECRET_KEY/)
        for (const leak of [sealed.slice(7, 40), first, second, secret]) expect(JSON.stringify([wrong.message, wrong])).not.toContain(leak)
        expect((yield* other.store.list()).map((s) => [s.name, s.origin_auth_keys])).toEqual([["acme-jobs", ["api_key", "base_url"]]])
        expect(Option.isSome(yield* other.store.record("acme-jobs"))).toBe(true)
        // Without any key, the stored value is unreadable too (and says why).
        const none = yield* storeOn(location, SecretBox.keysOf(undefined))
        expect((yield* Effect.flip(none.store.get("acme-jobs"))).message).toMatch(/HRTECH_ETL_SECRET_KEY is not set/)

        // One altered character of the stored text: refused, never a crash.
        const raw = Buffer.from(sealed.slice(7), "base64url")
        raw[20] = raw[20]! ^ 0xff
        yield* written.setSpec("acme-jobs", { ...(yield* written.specOf("acme-jobs")), origin_auth: `enc:v1:${raw.toString("base64url")}` })
        expect(yield* Effect.flip(written.store.get("acme-jobs"))).toMatchObject({ _tag: "SyncSecretUnreadable", name: "acme-jobs" })
        yield* written.setSpec("acme-jobs", { ...(yield* written.specOf("acme-jobs")), origin_auth: "enc:v1:%%%" })
        expect(yield* Effect.flip(written.store.get("acme-jobs"))).toMatchObject({ _tag: "SyncSecretUnreadable", name: "acme-jobs" })
        // And rekey writes nothing while one definition does not open.
        yield* written.store.put(stored("fine"), { replace: false, now })
        const fineBefore = yield* written.specOf("fine")
        expect(yield* Effect.flip(written.store.rekey)).toMatchObject({ _tag: "SyncSecretUnreadable", name: "acme-jobs" })
        expect(yield* written.specOf("fine")).toEqual(fineBefore)
      })
    )

    it.scoped("without a key, a definition with auth is refused naming the field; one without auth is stored", () =>
      Effect.gen(function* () {
        const { store } = yield* storeOn(yield* engine.fresh, SecretBox.keysOf(undefined))
        const origin = yield* Effect.flip(store.put(stored("acme-jobs"), { replace: false, now }))
        expect(origin).toMatchObject({ _tag: "SecretKeyMissing", field: "origin_auth", code: "secret_key_required" })
        expect(origin.message).toMatch(/^origin_auth: cannot be stored without HRTECH_ETL_SECRET_KEY/)
        const target = yield* Effect.flip(store.put(stored("acme-jobs", { origin_auth: {}, target_auth: { password: "x-123456" } }), { replace: false, now }))
        expect(target).toMatchObject({ _tag: "SecretKeyMissing", field: "target_auth" })
        const pg = yield* Effect.flip(store.put(stored("acme-jobs", { origin_auth: {}, target: "postgres://etl:pw-1234567@db/hr" }), { replace: false, now }))
        expect(pg).toMatchObject({ _tag: "SecretKeyMissing", field: "target" })
        expect(pg.message).not.toContain("pw-1234567")
        expect(yield* store.list()).toEqual([])
        const { origin_auth: _, ...withoutAuth } = stored("plain")
        yield* store.put(withoutAuth, { replace: false, now })
        expect(Option.getOrThrow(yield* store.get("plain")).origin_auth).toBeUndefined()
        // A key that is set but unusable is named the same way, without its value.
        const bad = yield* storeOn(yield* engine.fresh, SecretBox.fromEnv({ HRTECH_ETL_SECRET_KEY: "too-short-key" }))
        const refused = yield* Effect.flip(bad.store.put(stored("acme-jobs"), { replace: false, now }))
        expect(refused.message).toMatch(/^origin_auth: cannot be stored: HRTECH_ETL_SECRET_KEY must be at least 32 random bytes/)
        expect(refused.message).not.toContain("too-short-key")
      })
    )

    it.scoped("stored in clear by an earlier version, still load and are encrypted when saved again or by rekey (also after a key rotation)", () =>
      Effect.gen(function* () {
        const location = yield* engine.fresh
        const oldKey = keyText()
        const newKey = keyText()
        const before = yield* storeOn(location, SecretBox.keysOf(keyOf(oldKey)))
        yield* before.store.put(stored("sealed-old"), { replace: false, now })
        // What an earlier version wrote: the whole definition as clear JSON, auth and URI passwords included.
        const pgUri = "postgres://etl:legacy-pw-5521@db/hr"
        for (const name of ["legacy-a", "legacy-b"]) {
          const { origin_auth: _, ...withoutAuth } = stored(name)
          yield* before.store.put(withoutAuth, { replace: false, now })
          const { origin_auth_keys: _k, target_auth_keys: _t, ...spec } = yield* before.specOf(name)
          yield* before.setSpec(name, { ...spec, origin_auth: { api_key: `${secret}-${name}` }, target: pgUri })
        }
        // Rotation: the new key seals, the old one still opens.
        const rotating = yield* storeOn(location, SecretBox.keysOf(keyOf(newKey), keyOf(oldKey)))
        expect(Option.getOrThrow(yield* rotating.store.get("legacy-a"))).toMatchObject({ origin_auth: { api_key: `${secret}-legacy-a` }, target: pgUri })
        expect(Option.getOrThrow(yield* rotating.store.record("legacy-a")).origin_auth_keys).toEqual(["api_key"])
        expect(Option.getOrThrow(yield* rotating.store.get("sealed-old")).origin_auth).toMatchObject({ api_key: secret })

        // Saving again encrypts.
        const legacyB = Option.getOrThrow(yield* rotating.store.get("legacy-b"))
        yield* rotating.store.put(legacyB, { replace: true, now })
        expect((yield* rotating.specOf("legacy-b")).origin_auth).toMatch(/^enc:v1:/)
        // rekey encrypts the rest with the new key; afterwards the old key is no longer needed.
        expect(yield* rotating.store.rekey).toBe(3)
        for (const name of ["sealed-old", "legacy-a", "legacy-b"]) {
          const spec = yield* rotating.specOf(name)
          expect(spec.origin_auth).toMatch(/^enc:v1:/)
          expect(JSON.stringify(spec)).not.toMatch(/sk-at-rest|legacy-pw/)
        }
        const after = yield* storeOn(location, SecretBox.keysOf(keyOf(newKey)))
        expect(Option.getOrThrow(yield* after.store.get("legacy-a"))).toMatchObject({ origin_auth: { api_key: `${secret}-legacy-a` }, target: pgUri })
        expect(Option.getOrThrow(yield* after.store.get("sealed-old")).origin_auth).toMatchObject({ api_key: secret })
        const onlyOld = yield* storeOn(location, SecretBox.keysOf(keyOf(oldKey)))
        expect(yield* Effect.flip(onlyOld.store.get("sealed-old"))).toMatchObject({ _tag: "SyncSecretUnreadable", name: "sealed-old" })
      })
    )
  })
}

describe("sync secrets on a local worker (SQLite)", () => {
  it.live(
    "after runs (one failing with its vendor's 401), no secret is anywhere in the database file; a wrong key fails the run naming the sync",
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const dir = yield* tempDir
          const state = `sqlite:${join(dir, "state.db")}`
          const goodKey = "good-vendor-key-93c1f0"
          const badKey = "bad-vendor-key-5d20aa"
          const fake = yield* FakeA.start({ apiKey: goodKey, jobs: Harness.jobsOf(1, 6) })
          const env = Harness.environment(state)
          const finished = (names: ReadonlyArray<string>) =>
            Effect.gen(function* () {
              for (;;) {
                const statuses = yield* Effect.forEach(names, Syncs.status).pipe(Effect.provide(env))
                if (statuses.every((s) => s.last_run !== null && s.current === null)) return statuses
                yield* Effect.sleep("100 millis")
              }
            }).pipe(Effect.timeoutFail({ duration: "45 seconds", onTimeout: () => new Error("runs did not finish") }))
          yield* Effect.gen(function* () {
            yield* Syncs.add(input("good", { origin_auth: { api_key: goodKey, base_url: fake.url }, target: `sqlite:${join(dir, "good.db")}` }))
            yield* Syncs.add(input("bad", { origin_auth: { api_key: badKey, base_url: fake.url }, target: `sqlite:${join(dir, "bad.db")}` }))
            // Never run: its database password is only stored.
            yield* Syncs.add(
              input("to-pg", {
                origin_auth: { api_key: goodKey, base_url: fake.url },
                target: "postgres://etl:pg-at-rest-0f3e9a@127.0.0.1:9/hr",
                enabled: false
              })
            )
            yield* Syncs.runNow("good")
            yield* Syncs.runNow("bad")
          }).pipe(Effect.provide(env))
          const worker = yield* Effect.forkScoped(Harness.runWorker({ stateUri: state, name: "local", tick: "100 millis" }))
          const [good, bad] = yield* finished(["good", "bad"])
          yield* Fiber.interrupt(worker)
          expect(good!.last_run).toMatchObject({ status: "succeeded", counters: { written: 6 } })
          expect(bad!.last_run).toMatchObject({ status: "failed" })
          expect(bad!.last_run!.error).toMatch(/401|auth|key/i)

          const bytes = databaseBytes(dir, "state.db")
          // The bytes are the right ones: the definitions and their sealed auth are there.
          expect(bytes.includes(Buffer.from("enc:v1:"))).toBe(true)
          expectNoSecretIn(bytes, [goodKey, badKey, "pg-at-rest-0f3e9a"])

          // A worker with another key: the run fails naming the sync; listings and status still answer.
          yield* withEnv(
            { HRTECH_ETL_SECRET_KEY: keyText() },
            Effect.gen(function* () {
              yield* Syncs.runNow("good").pipe(Effect.provide(env))
              const other = yield* Effect.forkScoped(Harness.runWorker({ stateUri: state, name: "other-key", tick: "100 millis" }))
              const runs = yield* Effect.gen(function* () {
                for (;;) {
                  const history = yield* Syncs.history("good").pipe(Effect.provide(env))
                  if (history.length === 2 && history[0]!.status === "failed") return history
                  yield* Effect.sleep("100 millis")
                }
              }).pipe(Effect.timeoutFail({ duration: "45 seconds", onTimeout: () => new Error("the run did not fail") }))
              yield* Fiber.interrupt(other)
              expect(runs[0]!.error).toMatch(/^sync "good": its stored origin_auth cannot be read: it does not decrypt with HRTECH_ETL_SECRET_KEY/)
              expect(runs[0]!.error).not.toMatch(/enc:v1|good-vendor/)
              expect((yield* Syncs.list().pipe(Effect.provide(env))).map((s) => s.name)).toEqual(["bad", "good", "to-pg"])
            })
          )
        })
      ),
    { timeout: 120_000 }
  )
})

describe("refused without HRTECH_ETL_SECRET_KEY at the entry points", () => {
  it.live(
    "syncs add exits 2 naming --origin-auth and the variable; without auth it is stored",
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const dir = yield* tempDir
          const cli = (args: ReadonlyArray<string>) =>
            Effect.promise(
              () =>
                new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
                  const { HRTECH_ETL_SECRET_KEY: _, ...env } = process.env
                  const child = spawn(process.execPath, [Harness.bin, ...args], {
                    cwd: dir,
                    stdio: ["ignore", "pipe", "pipe"],
                    env: { ...env, NODE_NO_WARNINGS: "1" }
                  })
                  let stdout = ""
                  let stderr = ""
                  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()))
                  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()))
                  child.once("error", reject)
                  child.once("exit", (code) => resolve({ code, stdout, stderr }))
                })
            )
          const common = [
            "syncs",
            "add",
            "--tenant",
            "acme",
            "--resource",
            "job",
            "--origin",
            "warehouse_a",
            "--target",
            "sqlite:out.db",
            "--schedule",
            "0 0 1 1 *",
            "--state",
            "state.db"
          ]
          const refused = yield* cli([...common, "--name", "acme-jobs", "--origin-auth", JSON.stringify({ api_key: secret })])
          expect(refused.code, refused.stderr).toBe(2)
          expect(refused.stderr).toMatch(/--origin-auth: cannot be stored without HRTECH_ETL_SECRET_KEY/)
          expect(refused.stderr + refused.stdout).not.toContain(secret)
          const plain = yield* cli([...common, "--name", "plain-jobs", "--json"])
          expect(plain.code, plain.stderr).toBe(0)
          const listed = yield* cli(["syncs", "list", "--json", "--state", "state.db"])
          expect((JSON.parse(listed.stdout) as ReadonlyArray<{ name: string }>).map((s) => s.name)).toEqual(["plain-jobs"])
          const rekey = yield* cli(["syncs", "rekey", "--state", "state.db"])
          expect(rekey.code).toBe(2)
          expect(rekey.stderr).toMatch(/HRTECH_ETL_SECRET_KEY: is not set/)
        })
      ),
    { timeout: 60_000 }
  )

  it.live("POST /api/syncs answers 400 secret_key_required naming origin_auth", () =>
    Effect.scoped(
      withEnv(
        { HRTECH_ETL_SECRET_KEY: undefined },
        Effect.gen(function* () {
          const dir = yield* tempDir
          const state = `sqlite:${join(dir, "state.db")}`
          const dataDir = join(dir, "data")
          mkdirSync(dataDir, { recursive: true })
          const api = HttpApiBuilder.api(HttpApi.make("hrtech-etl").add(ServerSyncs.SyncsGroup)).pipe(
            Layer.provide(ServerSyncs.layer),
            Layer.provide(Layer.succeed(Settings, { dataDir })),
            Layer.provide(Layer.succeed(Environment.StateUri, state)),
            Layer.provide(Harness.environment(state))
          )
          const server = HttpApiBuilder.serve().pipe(Layer.provide(api), Layer.provideMerge(NodeHttpServer.layer(createServer, { host: "127.0.0.1", port: 0 })))
          const address = (yield* Effect.provide(HttpServer.HttpServer, yield* Layer.build(server))).address
          const base = `http://127.0.0.1:${address._tag === "TcpAddress" ? address.port : 0}`
          const post = (body: unknown) =>
            Effect.promise(async () => {
              const response = await fetch(`${base}/api/syncs`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } })
              return { status: response.status, text: await response.text() }
            })
          const body = { name: "acme-jobs", tenant: "acme", resource: "job", origin: "warehouse_a", target: "sqlite:out.db", schedule: "0 0 1 1 *" }
          const refused = yield* post({ ...body, origin_auth: { api_key: secret } })
          expect(refused.status).toBe(400)
          expect(JSON.parse(refused.text)).toMatchObject({ error: { code: "secret_key_required", field: "origin_auth" } })
          expect(refused.text).toMatch(/HRTECH_ETL_SECRET_KEY/)
          expect(refused.text).not.toContain(secret)
          expect((yield* post({ ...body, target_auth: { password: "p-98765432" } })).text).toMatch(/"field":"target_auth"/)
          expect((yield* post(body)).status).toBe(201)
        })
      )
    )
  )
})
