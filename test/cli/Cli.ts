/**
 * Runs the built `hrtech-etl` binary in a child process (tests assume `npm run build` has run, as
 * `npm test` does).
 */
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

/** Absolute path of the built CLI entry. */
export const bin = fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url))

/** What a CLI run printed and how it exited. */
export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `hrtech-etl args...` with a bounded timeout; an `env` entry set to undefined removes that variable. */
export const run = (
  args: ReadonlyArray<string>,
  options: { readonly cwd?: string; readonly env?: Record<string, string | undefined>; readonly input?: string; readonly timeoutMs?: number } = {}
): Promise<Run> =>
  new Promise((resolve, reject) => {
    if (!existsSync(bin)) {
      reject(new Error(`${bin} is missing: run npm run build first`))
      return
    }
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: Object.fromEntries(Object.entries({ ...process.env, ...options.env }).filter(([, value]) => value !== undefined)),
      stdio: ["pipe", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += String(d)))
    child.stderr.on("data", (d) => (stderr += String(d)))
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(options.input ?? "")
  })
