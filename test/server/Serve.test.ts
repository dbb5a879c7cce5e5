/**
 * `hrtech-etl serve` through the CLI entry: it starts the server on the given port with the built-in
 * connectors and a SQLite state store, stops cleanly on SIGINT, and refuses a non-loopback host
 * without a token (exit 2).
 */
import { describe, expect, it } from "@effect/vitest"
import { createServer } from "node:net"
import { join } from "node:path"
import { run } from "../../src/cli/Main.js"
import * as Harness from "./Harness.js"

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))))
    })
  })

const captureStderr = () => {
  const lines: Array<string> = []
  const original = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: Array<unknown>) => {
    lines.push(String(chunk))
    return (original as (...args: Array<unknown>) => boolean)(chunk, ...rest)
  }) as typeof process.stderr.write
  return { lines, restore: () => void (process.stderr.write = original) }
}

describe("hrtech-etl serve", () => {
  it("refuses a non-loopback host without HRTECH_ETL_API_TOKEN (exit 2, one line naming --host)", async () => {
    const saved = process.env.HRTECH_ETL_API_TOKEN
    delete process.env.HRTECH_ETL_API_TOKEN
    const stderr = captureStderr()
    try {
      const code = await run(["node", "hrtech-etl", "serve", "--host", "0.0.0.0", "--port", "0"])
      expect(code).toBe(2)
    } finally {
      stderr.restore()
      if (saved !== undefined) process.env.HRTECH_ETL_API_TOKEN = saved
    }
    const text = stderr.lines.join("")
    expect(text).toContain("--host")
    expect(text).toContain("HRTECH_ETL_API_TOKEN")
  })

  it("serves the API and the playground until SIGINT", async () => {
    const port = await freePort()
    const dir = Harness.tempDir("hrtech-serve-")
    const stderr = captureStderr()
    const exit = run(["node", "hrtech-etl", "serve", "--port", String(port), "--data-dir", join(dir, "data"), "--state", join(dir, "state.db")])
    try {
      let connectors: Response | undefined
      for (let i = 0; i < 100 && connectors === undefined; i++) {
        connectors = await fetch(`http://127.0.0.1:${port}/api/connectors`).catch(() => undefined)
        if (connectors === undefined) await new Promise((r) => setTimeout(r, 50))
      }
      expect(connectors?.status).toBe(200)
      const names = ((await connectors!.json()) as Array<{ name: string }>).map((c) => c.name)
      expect(names).toContain("warehouse_a")
      expect((await fetch(`http://127.0.0.1:${port}/playground`)).status).toBe(200)
      const built = await fetch(`http://127.0.0.1:${port}/api/formatters/build`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          resource: "job",
          origin: "warehouse_a",
          target: "sqlite:jobs.db",
          mapping: [
            { from: "job_id", to: "id" },
            { from: "title", to: "name" }
          ]
        })
      })
      expect(built.status).toBe(200)
    } finally {
      process.emit("SIGINT")
      stderr.restore()
    }
    expect(await exit).toBe(0)
    expect(stderr.lines.join("")).toContain(`http://127.0.0.1:${port}/playground`)
    await expect(fetch(`http://127.0.0.1:${port}/api/connectors`)).rejects.toThrow()
  })
})
