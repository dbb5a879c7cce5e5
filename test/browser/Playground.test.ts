/**
 * The playground in a real browser (Debian's Chromium through playwright-core): build a mapping and a
 * WHERE row from the dropdowns, run a pull from warehouse_a (its fake server) into SQLite inside a
 * temporary data directory, watch the counters and the final cursor, save the mapping as a formatter.
 * A screenshot is written to test-output/playground.png. Without /usr/bin/chromium the test is skipped
 * (with the reason in its name), except in CI, where it fails.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { existsSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { chromium } from "playwright-core"
import * as FakeA from "../fakes/WarehouseA.js"
import * as Harness from "../server/Harness.js"

const executablePath = "/usr/bin/chromium"
const available = existsSync(executablePath)
const inCi = process.env.CI === "true"
const outputDir = join(process.cwd(), "test-output")

const apiKey = "browser-secret-key-0123456789"
const at = (minutes: number) => new Date(Date.UTC(2024, 4, 1) + minutes * 60_000).toISOString()
const jobs = Array.from({ length: 18 }, (_, i) => ({
  job_id: `job-${String(i).padStart(3, "0")}`,
  title: i % 2 === 0 ? `Data Engineer ${i}` : `Designer ${i}`,
  board_key: "board-1",
  status: i % 3 === 0 ? "closed" : "open",
  created_at: at(i),
  updated_at: at(60 + i)
}))
const open = jobs.filter((j) => j.status === "open")

const launch = Effect.acquireRelease(
  Effect.promise(() =>
    chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    })
  ),
  (browser: Browser) => Effect.promise(() => browser.close())
)

const step = <A>(f: () => Promise<A>) => Effect.promise(f)

/** Builds the run from the form's dropdowns, as a user would. */
const fillForm = (page: Page, fakeUrl: string) =>
  step(async () => {
    await page.fill("#origin", "warehouse_a")
    await page.fill("#origin-auth", JSON.stringify({ api_key: apiKey, base_url: fakeUrl }))
    await page.fill("#target", "sqlite:browser/jobs.db")
    await page.selectOption("#resource", "job")
    await page.selectOption("#operation", "pull")
    await page.selectOption("#cursor-mode", "updated_at")
    await page.selectOption("#cursor-sort-by", "asc")
    await page.fill("#batch-size", "4")
    // Mapping rows: origin fields on the left, target fields on the right, both from the schema endpoints.
    const rules: ReadonlyArray<readonly [string, string]> = [
      ["job_id", "id"],
      ["title", "name"],
      ["status", "status"],
      ["updated_at", "updated_at"]
    ]
    for (let i = 0; i < rules.length; i++) {
      await page.click("#add-mapping")
      const row = page.locator("tr.mapping-row").nth(i)
      await row.locator("select.mapping-from").selectOption(rules[i]![0])
      await row.locator("select.mapping-to").selectOption(rules[i]![1])
    }
    // A WHERE row: only prefilterable fields are offered, with their allowed operators.
    await page.click("#add-where")
    const where = page.locator("tr.where-row").first()
    const fieldOptions = await where.locator("select.where-field option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))
    expect(fieldOptions).toContain("status")
    expect(fieldOptions).not.toContain("remote")
    await where.locator("select.where-field").selectOption("status")
    const ops = await where.locator("select.where-op option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))
    expect(ops).toEqual(["eq", "in"])
    await where.locator("select.where-op").selectOption("eq")
    await where.locator("input.where-value").fill("open")
  })

describe("playground in Chromium", () => {
  if (!available && inCi) {
    it("requires /usr/bin/chromium in CI", () => {
      throw new Error(`${executablePath} is missing: .ci/run installs it with apt-get (chromium)`)
    })
    return
  }
  if (!available) {
    it.skip(`playground flow (skipped: ${executablePath} not found; install Debian's chromium to run it)`, () => {})
    return
  }

  it.scopedLive(
    "mapping + WHERE from dropdowns, pull warehouse_a → SQLite, live counters, final cursor, save formatter",
    () =>
      Effect.gen(function* () {
        const fake = yield* FakeA.start({ apiKey, jobs })
        const server = yield* Harness.start()
        const browser = yield* launch
        const page = yield* step(() => browser.newPage({ viewport: { width: 1200, height: 1600 } }))
        // A loaded 2-core machine can be slow to render: generous waits, still bounded.
        page.setDefaultTimeout(90_000)
        const pageErrors: Array<string> = []
        page.on("pageerror", (e) => pageErrors.push(e.message))
        const resources: Array<string> = []
        page.on("request", (r) => resources.push(r.url()))

        yield* step(() => page.goto(`${server.url}/playground`))
        yield* step(() => page.waitForSelector("body[data-ready=true]"))
        const connectorOptions = yield* step(() => page.locator("#connector-list option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value)))
        expect(connectorOptions).toContain("warehouse_a")

        yield* fillForm(page, fake.url)
        yield* step(() => page.click("#run"))
        yield* step(() => page.waitForSelector('#status[data-state="succeeded"]', { timeout: 90_000 }))

        const counter = (name: string) => step(() => page.locator(`dd[data-counter="${name}"]`).textContent())
        expect(yield* counter("read")).toBe(String(open.length))
        expect(yield* counter("written")).toBe(String(open.length))
        expect(yield* counter("failed")).toBe("0")
        expect(Number(yield* counter("batches"))).toBe(Math.ceil(open.length / 4))
        const finalCursor = JSON.parse((yield* step(() => page.locator("#final-cursor").textContent())) ?? "{}")
        expect(finalCursor).toMatchObject({ mode: "updated_at", end: open.at(-1)!.updated_at, sort_by: "asc" })
        const runId = yield* step(() => page.locator("#run-id").textContent())
        expect(runId).toMatch(/^run_/)

        // The pull really landed in SQLite inside the data directory: read it back through the API.
        expect(existsSync(join(server.dataDir, "browser", "jobs.db"))).toBe(true)
        const back = yield* server.post("/api/run/pull", { resource: "job", origin: "sqlite:browser/jobs.db", target: "mem_sink", cursor: { mode: "id" } })
        expect(back.json.stats.written).toBe(open.length)
        expect(server.connectors.sink.data.job.get(open[0]!.job_id)).toMatchObject({ id: open[0]!.job_id, name: open[0]!.title, status: "open" })

        // Save the mapping as a formatter.
        yield* step(() => page.click("#save-formatter"))
        yield* step(() => page.waitForFunction(() => /^fmt_/.test(document.getElementById("formatter-id")?.textContent ?? "")))
        const formatterId = (yield* step(() => page.locator("#formatter-id").textContent()))!
        const saved = yield* server.get(`/api/formatters/${formatterId}`)
        expect(saved.status).toBe(200)
        expect(saved.json).toMatchObject({ resource: "job", origin: "warehouse_a", target: "sqlite:browser/jobs.db" })
        expect(saved.json.mapping.map((r: { from: string; to: string }) => `${r.from}->${r.to}`)).toEqual([
          "job_id->id",
          "title->name",
          "status->status",
          "updated_at->updated_at"
        ])

        yield* step(async () => {
          mkdirSync(outputDir, { recursive: true })
          await page.screenshot({ path: join(outputDir, "playground.png"), fullPage: true })
        })

        // The auth value is never part of the page, and nothing was loaded from another origin.
        const html = yield* step(() => page.content())
        expect(html).not.toContain(apiKey)
        for (const url of resources) expect(new URL(url).origin).toBe(server.url)
        expect(pageErrors).toEqual([])
      }),
    300_000
  )

  it.scopedLive(
    "data is shown as text, never as HTML",
    () =>
      Effect.gen(function* () {
        const server = yield* Harness.start()
        const browser = yield* launch
        const page = yield* step(() => browser.newPage())
        page.setDefaultTimeout(90_000)
        const dialogs: Array<string> = []
        page.on("dialog", (d) => {
          dialogs.push(d.message())
          void d.dismiss()
        })
        yield* step(() => page.goto(`${server.url}/playground`))
        yield* step(() => page.waitForSelector("body[data-ready=true]"))
        const payload = `<img src=x onerror="alert('xss')">`
        yield* step(async () => {
          await page.fill("#origin", payload)
          await page.fill("#target", "mem_sink")
          await page.click("#run")
          await page.waitForFunction(() => (document.getElementById("error")?.textContent ?? "") !== "")
        })
        const error = yield* step(() => page.locator("#error").textContent())
        expect(error).toContain("<img")
        expect(yield* step(() => page.locator("img").count())).toBe(0)
        expect(dialogs).toEqual([])
      }),
    300_000
  )
})
