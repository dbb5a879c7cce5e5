/**
 * The loopback fake vendor API, run in its own process so that serving pages does not compete with
 * the code under test for the event loop. `GET /jobs?from=&limit=&total=&latency=&cache=` answers
 * `{ data: [...jobs], next: <from of the next page> | null }` after `latency` ms. With `cache=1` a
 * page's body is serialised once and replayed (B1); without it every page is generated on the fly (B2).
 */
import * as Http from "node:http"
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { jobs } from "./records.mjs"

const MAX_CACHED_PAGES = 400

const serve = () => {
  const cache = new Map()
  const server = Http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x")
    if (url.pathname !== "/jobs") {
      res.writeHead(404).end()
      return
    }
    const from = Number(url.searchParams.get("from") ?? 0)
    const limit = Number(url.searchParams.get("limit") ?? 1000)
    const total = Number(url.searchParams.get("total") ?? 100_000)
    const latency = Number(url.searchParams.get("latency") ?? 0)
    const useCache = url.searchParams.get("cache") === "1"
    const to = Math.min(total, from + limit)
    const key = `${from}:${to}:${to < total}`
    let body = useCache ? cache.get(key) : undefined
    if (body === undefined) {
      body = Buffer.from(JSON.stringify({ data: jobs(from, to), next: to < total ? to : null }))
      if (useCache && cache.size < MAX_CACHED_PAGES) cache.set(key, body)
    }
    const send = () => res.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body)
    if (latency > 0) setTimeout(send, latency)
    else send()
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }))
  process.on("disconnect", () => process.exit(0))
}

/** Starts the fake server in a child process; resolves with its base URL and a `close`. */
export const start = () =>
  new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    child.once("error", reject)
    child.once("message", (message) =>
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        close: () =>
          new Promise((done) => {
            child.once("exit", () => done())
            child.kill()
          })
      })
    )
  })

/** The URL of one page. */
export const pageUrl = (base, { from, limit, total, latency = 0, cache = true }) =>
  `${base}/jobs?from=${from}&limit=${limit}&total=${total}&latency=${latency}&cache=${cache ? 1 : 0}`

/** Fetches and parses one page (the same code for the framework connector and the baselines). */
export const fetchPage = async (base, query) => {
  const res = await fetch(pageUrl(base, query))
  if (!res.ok) throw new Error(`fake server answered ${res.status}`)
  return res.json()
}

/** Pages of the fake server as an async iterable of record arrays. */
export async function* pages(base, { total, limit = 1000, latency = 0, cache = true }) {
  let from = 0
  while (true) {
    const page = await fetchPage(base, { from, limit, total, latency, cache })
    yield page.data
    if (page.next === null) return
    from = page.next
  }
}

if (process.argv.includes("--serve")) serve()
