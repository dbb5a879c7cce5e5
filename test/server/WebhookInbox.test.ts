/**
 * A webhook delivery answered 202 is a promise: `hrtech-etl serve` is SIGKILLed right after accepting
 * one (its origin never answers, so the push cannot have happened), and the next start processes it
 * from the state store's inbox. The vendor's retry of the same delivery is then a duplicate.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { writeFileSync } from "node:fs"
import { createServer, type Server, type Socket } from "node:net"
import { join } from "node:path"
import * as WarehouseA from "../../src/connectors/warehouse_a/index.js"
import * as State from "../../src/core/State.js"
import * as Store from "../../src/store/index.js"
import { rawClient } from "../connectors/sql/Engines.js"
import * as FakeA from "../fakes/WarehouseA.js"
import { runCli } from "../resilience/Child.js"
import * as Harness from "./Harness.js"

const secret = "whsec-inbox-secret-0123456789"
const apiKey = "wa-inbox-api-key-4242"

const job = {
  job_id: "job-1",
  title: "Current title",
  board_key: "board-1",
  status: "open",
  created_at: "2024-01-01T00:00:00Z",
  updated_at: "2024-02-01T00:00:00Z"
}
const body = JSON.stringify({ event: "job.updated", id: "evt-kill", occurred_at: "2024-02-01T10:00:00Z", job })
const headers = { "content-type": "application/json", "x-warehouse-a-signature": WarehouseA.Webhook.sign(body, secret) }

const listen = (server: Server) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))
    })
  })

/** A TCP server that accepts connections and never answers: the push's fetch waits on it. */
const silentOrigin = Effect.acquireRelease(
  Effect.promise(async () => {
    const sockets = new Set<Socket>()
    const server = createServer((socket) => void sockets.add(socket))
    const port = await listen(server)
    return { url: `http://127.0.0.1:${port}`, server, sockets }
  }),
  ({ server, sockets }) =>
    Effect.promise(() => {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    })
)

const freePort = Effect.promise(async () => {
  const probe = createServer()
  const port = await listen(probe)
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
})

/** POSTs the delivery until the server answers (it may still be starting); bounded. */
const deliver = async (port: number): Promise<{ status: number; json: unknown }> => {
  for (let attempt = 0; attempt < 400; attempt++) {
    const reply = await fetch(`http://127.0.0.1:${port}/api/webhooks/warehouse_a`, { method: "POST", headers, body }).catch(() => undefined)
    if (reply !== undefined) return { status: reply.status, json: await reply.json() }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error("the server never answered")
}

/** Polls the intake's counters until `check` holds; bounded. */
const countersUntil = async (port: number, check: (counters: Record<string, unknown>) => boolean) => {
  for (let attempt = 0; attempt < 600; attempt++) {
    const reply = await fetch(`http://127.0.0.1:${port}/api/webhooks`).catch(() => undefined)
    if (reply?.ok) {
      const counters = (await reply.json()) as Record<string, unknown>
      if (check(counters)) return counters
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error("the intake never reached the expected state")
}

describe("webhook inbox across a SIGKILL", () => {
  it.scopedLive(
    "a delivery accepted (202) just before kill -9 is processed after restart; its retry is a duplicate",
    () =>
      Effect.gen(function* () {
        const dir = Harness.tempDir("hrtech-webhook-inbox-")
        const file = join(dir, "webhooks.json")
        const state = join(dir, "state.db")
        const target = `sqlite:${join(dir, "jobs.db")}`
        const configure = (baseUrl: string) =>
          writeFileSync(file, JSON.stringify({ warehouse_a: { secret, target, origin_auth: { base_url: baseUrl, api_key: apiKey } } }))
        const args = (port: number) => ["serve", "--port", String(port), "--data-dir", join(dir, "data"), "--state", state, "--webhooks", file]

        // First life: the origin never answers, so the accepted delivery is still pending when killed.
        const silent = yield* silentOrigin
        configure(silent.url)
        const firstPort = yield* freePort
        let accepted: { status: number; json: unknown } | undefined
        const first = runCli(args(firstPort), { cwd: dir, plan: { _tag: "when", check: () => accepted !== undefined } })
        accepted = yield* Effect.promise(() => deliver(firstPort))
        const ended = yield* Effect.promise(() => first)
        expect(accepted).toEqual({ status: 202, json: { status: "accepted", event_id: "evt-kill" } })
        expect(ended.killed, ended.stderr).toBe(true)
        const pending = yield* Effect.scoped(Effect.flatMap(Store.makeFromUri(`sqlite:${state}`), (store) => store.pendingDeliveries("warehouse_a")))
        expect(pending.map((d) => d.event_id)).toEqual(["evt-kill"])
        expect(pending[0]!.body).toBe(body)

        // Second life: a reachable origin; the stored delivery is processed without being sent again.
        const fake = yield* FakeA.start({ apiKey, jobs: [job] })
        configure(fake.url)
        const secondPort = yield* freePort
        let done = false
        const second = runCli(args(secondPort), { cwd: dir, plan: { _tag: "when", check: () => done } })
        const outcome = yield* Effect.promise(async () => {
          try {
            const processed = await countersUntil(secondPort, (c) => c.processed === 1 && c.pending === 0)
            const retry = await deliver(secondPort)
            return { processed, retry }
          } finally {
            done = true
          }
        })
        yield* Effect.promise(() => second)
        expect(outcome.processed).toMatchObject({ accepted: 0, processed: 1, failed: 0, pending: 0 })
        expect(outcome.retry).toEqual({ status: 200, json: { status: "duplicate", event_id: "evt-kill" } })
        const raw = yield* rawClient(target)
        const rows = yield* raw<{ id: string }>`SELECT id FROM hrtech_jobs`.pipe(Effect.orDie)
        expect(rows.map((r) => r.id)).toEqual(["job-1"])
        const after = yield* Effect.scoped(Effect.flatMap(Store.makeFromUri(`sqlite:${state}`), (store) => store.pendingDeliveries("warehouse_a")))
        expect(after).toEqual([])
        const fetched = (yield* fake.requests).filter((r) => r.method === "GET")
        expect(fetched.map((r) => r.query.ids)).toEqual(["job-1"])
      }),
    120_000
  )
})

describe("webhook retention", () => {
  it.scopedLive("remembered event ids older than the retention are pruned when the intake starts; pending ones never", () =>
    Effect.gen(function* () {
      const fake = yield* FakeA.start({ apiKey, jobs: [job] })
      const store = yield* State.makeMemory
      // Remembered long ago: one done, one still pending in the inbox.
      yield* store.acceptDelivery("warehouse_a", "evt-kill", { event: {}, body, headers: {} })
      yield* store.completeDelivery("warehouse_a", "evt-kill")
      yield* store.acceptDelivery("warehouse_a", "evt-pending", {
        event: { resource: "job", type: "updated", resource_id: "job-1" },
        body: "{}",
        headers: {}
      })
      yield* store.recordFailures([{ pipeline_id: "webhook:warehouse_a", stage: "event", message: "old" }])
      yield* Effect.sleep("5 millis")
      const server = yield* Harness.start(
        {
          webhooks: { warehouse_a: { secret, target: "mem_sink", origin_auth: { base_url: fake.url, api_key: apiKey } } },
          webhookIntake: { workers: 1, retention: "1 millis" }
        },
        { state: Layer.succeed(State.StateStore, store) }
      )
      // The pending delivery from before is processed; the pruned id is accepted as new.
      const reply = yield* server.request("POST", "/api/webhooks/warehouse_a", { raw: body, headers })
      expect(reply.status, reply.text).toBe(202)
      expect((yield* store.listFailures()).map((f) => f.message)).not.toContain("old")
    })
  )
})
