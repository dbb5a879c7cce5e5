/**
 * Shared helpers: the built package's modules, timing and statistics, machine facts, Markdown tables.
 */
import { execSync } from "node:child_process"
import { readFileSync } from "node:fs"
import * as Os from "node:os"
import * as V8 from "node:v8"
import * as Vm from "node:vm"

// HRTECH_BENCH_DIST points the benchmarks at another build (e.g. a patched copy) for A/B experiments.
const dist = process.env.HRTECH_BENCH_DIST ? new URL(`file://${process.env.HRTECH_BENCH_DIST.replace(/\/?$/, "/")}`) : new URL("../dist/", import.meta.url)
const index = await import(new URL("index.js", dist).href)

/** Imports a module of the build under test by its path below dist/. */
export const importDist = (path) => import(new URL(path, dist).href)

/** Where the build under test lives. */
export const distPath = decodeURIComponent(dist.pathname)
/** The URL of the built package directory. */
export const distUrl = dist

/** Names resolved from a deep dist path because the package index does not export them (yet). */
export const deepImports = []

const fromIndexOr = async (name, path) => {
  if (index[name] !== undefined) return index[name]
  deepImports.push(`${name} ← dist/${path}`)
  return import(new URL(path, dist).href)
}

export const { Connector, Cursor, Postfilter, Unified } = index
export const Guard = await fromIndexOr("Guard", "core/Guard.js")
export const Pipeline = await fromIndexOr("Pipeline", "core/Pipeline.js")
export const Formatter = await fromIndexOr("Formatter", "core/Formatter.js")

/** Median, min and max of numbers. */
export const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length }
}

const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since)
  return (user + system) / 1000
}

/**
 * Wall milliseconds an async function takes, and the CPU milliseconds this process spent meanwhile
 * (all its threads: main, GC helpers, libuv pool). CPU time barely moves when other processes load
 * the machine, so it backs up wall-time figures taken on a busy host.
 */
export const timeAsync = async (f) => {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const value = await f()
  return { ms: performance.now() - start, cpu: cpuMs(cpu), value }
}

/** Wall and CPU milliseconds a sync function takes. */
export const timeSync = (f) => {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const value = f()
  return { ms: performance.now() - start, cpu: cpuMs(cpu), value }
}

/** Rounds for display: thousands separators, no decimals above 100. */
export const fmt = (x, digits = 2) =>
  x === undefined || Number.isNaN(x) ? "–" : Math.abs(x) >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(digits)

/** `median (min – max)` of a summary. */
export const range = (s, digits) => `${fmt(s.median, digits)} (${fmt(s.min, digits)} – ${fmt(s.max, digits)})`

/** A Markdown table. */
export const table = (header, rows) =>
  [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n")

const sh = (command) => {
  try {
    return execSync(command, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()
  } catch {
    return "unknown"
  }
}

/** What the numbers were measured on. */
export const machine = () => {
  const cpu = readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/)?.[1] ?? Os.cpus()[0]?.model ?? "unknown"
  const pkg = (name) => JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), "utf8")).version
  return {
    nproc: sh("nproc"),
    cpu,
    memory: `${(Os.totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(Os.freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
    node: process.version,
    os: `${Os.type()} ${Os.release()} ${Os.arch()}`,
    effect: pkg("effect"),
    commit: sh("git rev-parse --short HEAD") + (sh("git status --porcelain -- src") === "" ? "" : " (src has uncommitted changes)"),
    date: new Date().toISOString()
  }
}

/** The 1-minute load average and the number of CPUs, to judge how busy the host was. */
export const load = () => ({ load1: Os.loadavg()[0], cpus: Os.cpus().length })

/** Megabytes. */
export const mb = (bytes) => bytes / 2 ** 20

// A full GC between timed runs keeps one run's garbage out of the next run's time. The flag is
// set at run time (so `node bench/run.mjs` needs no options); `gc` is then visible in a new context.
V8.setFlagsFromString("--expose-gc")
const gc = Vm.runInNewContext("gc")

/** Lets pending I/O and timers settle, then collects garbage, so runs start from the same state. */
export const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 20))
  gc()
}
