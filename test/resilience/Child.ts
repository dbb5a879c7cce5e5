/**
 * Runs the built CLI in a child process that a test can SIGKILL at a chosen moment: after a delay, or
 * after the run has reported a number of written batches on stderr (`--progress`).
 */
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { bin } from "../cli/Cli.js"

/** When to kill the child: never, after a delay, after the `afterLines`-th progress line, or when a check holds. */
export type KillPlan =
  | { readonly _tag: "never" }
  | { readonly _tag: "after_delay"; readonly delayMs: number }
  | { readonly _tag: "after_progress"; readonly afterLines: number; readonly delayMs: number }
  /** Polls `check` every millisecond and kills as soon as it holds (e.g. right after a target commit). */
  | { readonly _tag: "when"; readonly check: () => boolean }

/** How a child run ended. */
export interface Ended {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  /** Whether this harness sent the SIGKILL (false when the run ended first). */
  readonly killed: boolean
  readonly progressLines: number
  readonly elapsedMs: number
}

/** Spawns `node dist/cli/bin.js ...args` in `cwd` and kills it per plan; bounded by `timeoutMs`. */
export const runCli = (
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly plan: KillPlan; readonly env?: Record<string, string>; readonly timeoutMs?: number }
): Promise<Ended> =>
  new Promise((resolve, reject) => {
    if (!existsSync(bin)) {
      reject(new Error(`${bin} is missing: run npm run build first`))
      return
    }
    const started = Date.now()
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    let progressLines = 0
    let killed = false
    const timers: Array<NodeJS.Timeout> = []
    const kill = () => {
      if (child.exitCode !== null || child.signalCode !== null || killed) return
      killed = child.kill("SIGKILL")
    }
    const plan = options.plan
    if (plan._tag === "after_delay") timers.push(setTimeout(kill, plan.delayMs))
    const poll =
      plan._tag === "when"
        ? setInterval(() => {
            if (plan.check()) kill()
          }, 1)
        : undefined
    child.stdout.on("data", (d) => (stdout += String(d)))
    child.stderr.on("data", (d) => {
      const text = String(d)
      stderr += text
      const before = progressLines
      progressLines += text.split("\n").filter((l) => l.startsWith("read ")).length
      if (plan._tag === "after_progress" && before < plan.afterLines && progressLines >= plan.afterLines) {
        if (plan.delayMs <= 0) kill()
        else timers.push(setTimeout(kill, plan.delayMs))
      }
    })
    if (plan._tag === "after_progress" && plan.afterLines <= 0) timers.push(setTimeout(kill, plan.delayMs))
    // A run that hangs is killed too, and reported as not killed by plan (the test then fails on its code).
    const guard = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(guard)
      if (poll) clearInterval(poll)
      for (const t of timers) clearTimeout(t)
      resolve({ code, signal, stdout, stderr, killed: killed && signal === "SIGKILL", progressLines, elapsedMs: Date.now() - started })
    })
  })
