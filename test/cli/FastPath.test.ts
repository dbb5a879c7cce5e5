/**
 * The fast path (`dist/cli/manifest.json`, answered without loading Effect) must print exactly what
 * the full CLI prints, for every recorded command, with and without colours; and output meant for
 * a file or a pipe carries no ANSI escapes.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as Color from "../../src/cli/Color.js"
import * as FastPath from "../../src/cli/FastPath.js"
import { run } from "./Cli.js"

const manifestUrl = new URL("../../dist/cli/manifest.json", import.meta.url)
const manifestModule = new URL("../../dist/cli/Manifest.js", import.meta.url).href
const ansi = /\u001b\[/
const plainEnv = { FORCE_COLOR: undefined, NO_COLOR: "1" }
const colourEnv = { FORCE_COLOR: "1", NO_COLOR: undefined }

interface Full {
  readonly colour: FastPath.Answer
  readonly plain: FastPath.Answer
}

/** Runs each argv through the built full CLI (`Main.run`) in one child process, colours on and off. */
const fullRuns = (keys: ReadonlyArray<string>): Record<string, Full> => {
  const script = `
    const Manifest = await import(${JSON.stringify(manifestModule)})
    const out = {}
    for (const key of JSON.parse(process.argv[1])) {
      const args = JSON.parse(key)
      out[key] = { colour: await Manifest.capture(args, true), plain: await Manifest.capture(args, false) }
    }
    process.stdout.write(JSON.stringify(out))`
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(keys)], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    env: { ...process.env, [FastPath.fullVariable]: "1" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000
  })
  return JSON.parse(output) as Record<string, Full>
}

describe("hrtech-etl fast path", () => {
  it.live("records the informational commands of the whole command tree", () =>
    Effect.sync(() => {
      const manifest = FastPath.load(manifestUrl)
      expect(manifest, "dist/cli/manifest.json is missing: run npm run build").toBeDefined()
      const keys = Object.keys(manifest!.answers)
      for (const args of [
        ...FastPath.fixedForms,
        ["pull", "--help"],
        ["formatters", "build", "--help"],
        ["syncs", "add", "--help"],
        ["failures", "retry", "--help"],
        ["worker", "--help"],
        ["serve", "--help"]
      ]) {
        expect(keys).toContain(FastPath.keyOf(args))
      }
    })
  )

  it.live(
    "prints exactly what the full CLI prints for every recorded command, with and without colours",
    () =>
      Effect.promise(async () => {
        const manifest = FastPath.load(manifestUrl)!
        const keys = Object.keys(manifest.answers)
        const full = fullRuns(keys)
        for (const key of keys) {
          const args = JSON.parse(key) as Array<string>
          const plain = await run(args, { env: plainEnv })
          expect({ stdout: plain.stdout, stderr: plain.stderr, code: plain.code }, `${key} without colours`).toEqual({
            stdout: full[key]!.plain.stdout,
            stderr: full[key]!.plain.stderr,
            code: full[key]!.plain.code
          })
          expect(plain.stdout + plain.stderr).not.toMatch(ansi)
          const colour = await run(args, { env: colourEnv })
          expect({ stdout: colour.stdout, stderr: colour.stderr, code: colour.code }, `${key} with colours`).toEqual({
            stdout: full[key]!.colour.stdoutAnsi ?? full[key]!.colour.stdout,
            stderr: full[key]!.colour.stderr,
            code: full[key]!.colour.code
          })
        }
      }),
    300_000
  )

  it.live(
    `${FastPath.fullVariable}=1 runs the full CLI, which prints the same; an argv not recorded runs in full`,
    () =>
      Effect.promise(async () => {
        for (const args of [["--help"], ["connectors"], ["schema", "unified", "job"], ["pull", "--help"]]) {
          const fast = await run(args, { env: plainEnv })
          const full = await run(args, { env: { ...plainEnv, [FastPath.fullVariable]: "1" } })
          expect(full, args.join(" ")).toEqual(fast)
          expect(fast.code).toBe(0)
        }
        // Not recorded (a boolean flag's explicit value): answered by the full CLI, same rows.
        const spelled = await run(["connectors", "--json", "true"], { env: plainEnv })
        expect(spelled.code).toBe(0)
        expect(spelled.stdout).toBe((await run(["connectors", "--json"], { env: plainEnv })).stdout)
      }),
    120_000
  )
})

describe("hrtech-etl colours", () => {
  it.live(
    "help is plain text when stdout is not a terminal, styled with FORCE_COLOR, plain again with NO_COLOR or FORCE_COLOR=0",
    () =>
      Effect.promise(async () => {
        for (const env of [{}, { [FastPath.fullVariable]: "1" }]) {
          const piped = await run(["--help"], { env: { ...env, FORCE_COLOR: undefined, NO_COLOR: undefined } })
          expect(piped.stdout).toContain("USAGE")
          expect(piped.stdout).not.toMatch(ansi)
          const forced = await run(["--help"], { env: { ...env, ...colourEnv } })
          expect(forced.stdout).toMatch(ansi)
          expect(Color.strip(forced.stdout)).toBe(piped.stdout)
          const off = await run(["--help"], { env: { ...env, FORCE_COLOR: "0", NO_COLOR: undefined } })
          expect(off.stdout).toBe(piped.stdout)
        }
        // A usage error's line is plain on a piped stderr too.
        const bad = await run(["pull", "--no-such-flag"], { env: plainEnv })
        expect(bad.code).toBe(2)
        expect(bad.stderr).toMatch(/^hrtech-etl: /)
        expect(bad.stderr).not.toMatch(ansi)
      }),
    120_000
  )

  it("decides from NO_COLOR, FORCE_COLOR and the terminal", () => {
    const tty = { isTTY: true }
    const pipe = { isTTY: false }
    expect(Color.enabled(tty, {})).toBe(true)
    expect(Color.enabled(pipe, {})).toBe(false)
    expect(Color.enabled(tty, { NO_COLOR: "1" })).toBe(false)
    expect(Color.enabled(tty, { NO_COLOR: "" })).toBe(true)
    expect(Color.enabled(tty, { TERM: "dumb" })).toBe(false)
    expect(Color.enabled(pipe, { FORCE_COLOR: "1" })).toBe(true)
    expect(Color.enabled(pipe, { FORCE_COLOR: "" })).toBe(true)
    expect(Color.enabled(tty, { FORCE_COLOR: "0" })).toBe(false)
    expect(Color.enabled(tty, { FORCE_COLOR: "false" })).toBe(false)
    expect(Color.enabled(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true)
    expect(Color.strip("\u001b[0;1mUSAGE\u001b[0m")).toBe("USAGE")
  })
})
