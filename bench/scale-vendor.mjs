/**
 * A multi-tenant vendor for the scale benchmark: one HTTP server speaking Warehouse A's list API for
 * many tenants (`/t/<tenant>/jobs`, key `key-<tenant>` in X-API-Key), with a fixed latency per call,
 * counting the calls it has in flight (all tenants, and per tenant) to check the cluster's limits.
 */
import * as Http from "node:http"

const pad = (i) => String(i).padStart(4, "0")

/** A tenant's jobs: three share each updated_at, so ties straddle page edges. */
export const jobsOf = (tenant, count) => {
  const start = Date.UTC(2024, 0, 1) + tenant * 60_000
  return Array.from({ length: count }, (_, i) => ({
    job_id: `t${pad(tenant)}-job-${pad(i)}`,
    title: `Job ${i} of tenant ${tenant}`,
    board_key: "board",
    status: "open",
    location: "Paris",
    created_at: new Date(start + i * 1000).toISOString(),
    updated_at: new Date(start + Math.floor(i / 3) * 1000).toISOString()
  }))
}

const bounds = {
  job_id_min: ["job_id", 1],
  job_id_max: ["job_id", -1],
  created_at_min: ["created_at", 1],
  created_at_max: ["created_at", -1],
  updated_at_min: ["updated_at", 1],
  updated_at_max: ["updated_at", -1]
}
const control = new Set(["page", "limit", "sort_by", "order"])
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

/** Starts a vendor serving `tenants` (index → jobs) on 127.0.0.1 (random port). */
export const startVendor = async ({ name, tenants, latencyMs }) => {
  let inFlight = 0
  let maxInFlight = 0
  let requests = 0
  let maxPerTenant = 0
  const perTenant = new Map()
  const answer = (res, status, body) => {
    res.writeHead(status, { "content-type": "application/json" })
    res.end(JSON.stringify(body))
  }
  const server = Http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://vendor")
    const match = /^\/t\/(\d+)\/jobs$/.exec(url.pathname)
    const jobs = match ? tenants.get(Number(match[1])) : undefined
    if (!match || jobs === undefined || req.method !== "GET") return answer(res, 404, { message: "not found" })
    if (req.headers["x-api-key"] !== `key-${match[1]}`) return answer(res, 401, { message: "bad key" })
    const tenant = match[1]
    requests++
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    perTenant.set(tenant, (perTenant.get(tenant) ?? 0) + 1)
    maxPerTenant = Math.max(maxPerTenant, perTenant.get(tenant))
    let done = false
    res.once("close", () => {
      if (done) return
      done = true
      inFlight--
      perTenant.set(tenant, perTenant.get(tenant) - 1)
    })
    setTimeout(() => {
      for (const key of url.searchParams.keys()) {
        if (!control.has(key) && !(key in bounds)) return answer(res, 400, { message: `unknown query parameter: ${key}` })
      }
      const sortBy = url.searchParams.get("sort_by") ?? "created_at"
      const direction = url.searchParams.get("order") === "desc" ? -1 : 1
      const page = Number(url.searchParams.get("page") ?? "1")
      const limit = Number(url.searchParams.get("limit") ?? "20")
      let rows = jobs.filter((job) =>
        Object.entries(bounds).every(([param, [field, side]]) => {
          const value = url.searchParams.get(param)
          return value === null || side * compare(job[field], value) >= 0
        })
      )
      rows = rows.sort((a, b) => direction * (compare(a[sortBy], b[sortBy]) || compare(a.job_id, b.job_id)))
      const data = rows.slice((page - 1) * limit, page * limit)
      answer(res, 200, { data, meta: { page, max_page: Math.max(1, Math.ceil(rows.length / limit)), total: rows.length, limit } })
    }, latencyMs)
  })
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${server.address().port}`
  return {
    name,
    url,
    baseUrlOf: (tenant) => `${url}/t/${tenant}`,
    stats: () => ({ requests, maxInFlight, maxInFlightPerTenant: maxPerTenant }),
    reset: () => {
      requests = 0
      maxInFlight = inFlight
      maxPerTenant = 0
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(resolve)
      })
  }
}
