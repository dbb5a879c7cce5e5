/**
 * CLI start-up: wall and CPU time of `hrtech-etl --help`, `connectors`, `schema unified job` and the
 * sample pull (`npm run sample-sync`'s pull, into a fresh directory each run), each run in its own
 * process with the executable's V8 flags. With `--before DIR` (a checkout of an earlier commit, built
 * with its node_modules), the same commands of that build are timed in the same rounds, interleaved,
 * for a before/after table. Writes its section of bench/RESULTS.md.
 *
 *   node bench/startup.mjs [--runs 11] [--before /tmp/startup-before] [--quick] [--out FILE]
 *   node bench/startup.mjs --suite [other options]   # `npm run bench`: bench/load.mjs --suite first, then this
 *
 * A before build: git worktree add /tmp/startup-before <commit> && ln -s "$PWD/node_modules" /tmp/startup-before/
 * && (cd /tmp/startup-before && npm run build)
 */
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import * as Os from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"

const { values } = parseArgs({
  options: {
    runs: { type: "string" },
    before: { type: "string" },
    quick: { type: "boolean", default: false },
    suite: { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string" }
  },
  strict: false
})

if (values.suite) {
  // The other benchmarks first: bench/run.mjs rewrites the results file, the others replace their section.
  const rest = process.argv.slice(2).filter((a) => a !== "--suite" && a !== "--before" && a !== values.before)
  const wanted =
    values.only === undefined
      ? undefined
      : new Set(
          String(values.only)
            .split(",")
            .map((s) => s.trim().toUpperCase())
        )
  const others = wanted === undefined ? undefined : [...wanted].filter((b) => b !== "STARTUP")
  if (others === undefined || others.length > 0) {
    const args = rest.filter((a, i) => a !== "--only" && rest[i - 1] !== "--only" && !a.startsWith("--only="))
    if (others !== undefined) args.push("--only", others.join(","))
    const code = await new Promise((resolve) =>
      spawn(process.execPath, [fileURLToPath(new URL("./load.mjs", import.meta.url)), "--suite", ...args], { stdio: "inherit" }).on("exit", resolve)
    )
    if (code !== 0) process.exit(code ?? 1)
  }
  if (wanted !== undefined && !wanted.has("STARTUP")) process.exit(0)
}

const { fmt, machine, summary, table } = await import("./lib.mjs")

const root = fileURLToPath(new URL("..", import.meta.url))
const quick = values.quick
const runs = Number(values.runs ?? (quick ? 3 : 11))
const out = values.out ?? join(root, "bench", quick ? "RESULTS-quick.md" : "RESULTS.md")
const log = (line) => process.stderr.write(`[startup] ${line}\n`)
const before = values.before ?? process.env.HRTECH_ETL_BENCH_BEFORE

/** The pull of `npm run sample-sync`, as argv words. */
const sampleArgs = () => {
  const script = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts["sample-sync"]
  const command = script.slice(script.indexOf("dist/cli/bin.js ") + "dist/cli/bin.js ".length)
  return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2])
}

const commands = [
  { name: "`hrtech-etl --help`", args: ["--help"], target: 300 },
  { name: "`hrtech-etl connectors`", args: ["connectors"], target: 300 },
  { name: "`hrtech-etl schema unified job`", args: ["schema", "unified", "job"] },
  { name: "sample pull (3,000 jobs → SQLite, fresh state)", args: sampleArgs(), target: 1000, fresh: true }
]

const variant = (label, dir) => {
  const bin = join(dir, "dist", "cli", "bin.js")
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build that checkout first`)
  // The same V8 flags as the executable's shebang line.
  const flags = (
    readFileSync(bin, "utf8")
      .split("\n")[0]
      .match(/node\s+(.*)$/)?.[1] ?? ""
  )
    .split(/\s+/)
    .filter(Boolean)
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: dir, encoding: "utf8" }).stdout.trim()
  return { label, bin, flags, commit, wall: commands.map(() => []), cpu: commands.map(() => []) }
}

const variants = [...(before !== undefined ? [variant("before", before)] : []), variant("after", root)]
const timeTool = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined

/** Runs one command once; wall ms, and CPU ms (user + system, via /usr/bin/time) when available. */
const once = (v, command) => {
  const cwd = mkdtempSync(join(Os.tmpdir(), "hrtech-startup-"))
  symlinkSync(join(root, "data"), join(cwd, "data"))
  const argv = [...v.flags, v.bin, ...command.args]
  const started = performance.now()
  const result = timeTool
    ? spawnSync(timeTool, ["-f", "%U %S", process.execPath, ...argv], { cwd, encoding: "utf8", timeout: 120_000 })
    : spawnSync(process.execPath, argv, { cwd, encoding: "utf8", timeout: 120_000 })
  const wall = performance.now() - started
  rmSync(cwd, { recursive: true, force: true })
  if (result.status !== 0) throw new Error(`${v.label} ${command.args.join(" ")} exited ${result.status}: ${result.stderr}`)
  const times = timeTool ? result.stderr.trim().split("\n").at(-1).split(" ").map(Number) : undefined
  return { wall, cpu: times ? (times[0] + times[1]) * 1000 : undefined }
}

const loadStart = Os.loadavg()[0]
log(`${runs} rounds of ${commands.length} commands × ${variants.map((v) => `${v.label} (${v.commit})`).join(", ")}; load ${fmt(loadStart, 1)}`)
// One untimed round warms the file cache.
for (const v of variants) for (const command of commands) once(v, command)
for (let round = 0; round < runs; round++) {
  // Interleaved, the order alternating each round, so outside load falls on both sides alike.
  const order = round % 2 === 0 ? variants : [...variants].reverse()
  commands.forEach((command, c) => {
    for (const v of order) {
      const { wall, cpu } = once(v, command)
      v.wall[c].push(wall)
      if (cpu !== undefined) v.cpu[c].push(cpu)
    }
  })
  log(`round ${round + 1}/${runs}, load ${fmt(Os.loadavg()[0], 1)}`)
}
const loadEnd = Os.loadavg()[0]

const seconds = (ms) => (ms / 1000).toFixed(2)
const cell = (values) => {
  if (values.length === 0) return "–"
  const s = summary(values)
  return `${seconds(s.median)} (${seconds(s.min)} – ${seconds(s.max)})`
}
const after = variants.at(-1)
const host = machine()
// On a busy host wall time measures the neighbours: the target is then judged on CPU time.
const busy = loadStart > 1.5 || loadEnd > 1.5
const rows = commands.map((command, c) => {
  const median = summary(busy && after.cpu[c].length > 0 ? after.cpu[c] : after.wall[c]).median
  return [
    command.name,
    ...variants.flatMap((v) => [cell(v.wall[c]), cell(v.cpu[c])]),
    command.target === undefined ? "–" : `≤ ${seconds(command.target)}`,
    command.target === undefined ? "–" : median <= command.target ? "✅ met" : "❌ missed"
  ]
})
const baseline = summary(
  Array.from({ length: runs }, () => {
    const started = performance.now()
    spawnSync(process.execPath, ["-e", "0"])
    return performance.now() - started
  })
).median

const section = `<!-- startup:start (bench/startup.mjs writes this section) -->
## CLI start-up (bench/startup.mjs)

Each command in its own process with the executable's V8 flags, ${runs} timed rounds after one untimed one; the
builds are interleaved and their order alternates every round. Seconds, median (min – max); CPU is user + system
of the process (all its threads), which moves much less than wall time when the host is busy. The sample pull is
\`npm run sample-sync\`'s (3,000 jobs read, 1,515 written to SQLite) into a fresh directory and state each run.
\`node -e 0\` takes ${seconds(baseline)} s here. Machine: ${host.nproc} CPUs (${host.cpu}), Node ${host.node}, ${host.date},
1-minute load average ${fmt(loadStart, 1)} at the start and ${fmt(loadEnd, 1)} at the end${busy ? " — **the host was busy**: wall times are inflated, the CPU columns are the comparable figures" : ""}.
${variants.map((v) => `${v.label}: commit ${v.commit}`).join("; ")}.

${table(
  [
    "command",
    ...variants.flatMap((v) => [`${v.label} wall s`, `${v.label} CPU s`]),
    "target (after)",
    busy ? "status (on CPU: host busy)" : "status (on wall)"
  ],
  rows
)}

How: informational commands (\`--help\`, \`--version\`, \`connectors\`, \`schema unified job|profile\`, \`<command> --help\`)
are printed from \`dist/cli/manifest.json\`, recorded from the full CLI at build time, without loading Effect
(\`src/cli/FastPath.ts\`; a test checks every recorded answer against the full CLI). Other commands run the full CLI
bundled by esbuild into \`dist/bundle/\` (one file instead of ~700 modules, split at each command's lazy imports:
the server, the cluster and the scheduled syncs load only for their commands; the connectors, the state store and
the YAML parser only when a command uses them).
Run alone with \`npm run build && node bench/startup.mjs --before DIR\` (\`--runs\`, \`--quick\`).
<!-- startup:end -->
`
const previous = existsSync(out) ? readFileSync(out, "utf8") : "# Benchmark results\n"
const marked = /<!-- startup:start[\s\S]*?<!-- startup:end -->\n?/
writeFileSync(out, marked.test(previous) ? previous.replace(marked, section) : `${previous.trimEnd()}\n\n${section}`)
log(`wrote ${out}`)
for (const row of rows) log(row.join(" | "))
