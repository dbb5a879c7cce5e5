import { describe, expect, it } from "vitest"
import { spawnSync } from "node:child_process"
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { bin } from "./Cli.js"

const root = resolve(".")
const readme = readFileSync(join(root, "README.md"), "utf8")
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }

/** A scratch directory that looks like the repository root to the README's commands. */
const workspace = () => {
  const dir = mkdtempSync(join(tmpdir(), "hrtech-readme-"))
  symlinkSync(join(root, "data"), join(dir, "data"))
  const binDir = join(dir, ".bin")
  mkdirSync(binDir)
  const shim = join(binDir, "hrtech-etl")
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`)
  chmodSync(shim, 0o755)
  return { dir, env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` } }
}

const bash = (script: string, cwd: string, env: NodeJS.ProcessEnv) =>
  spawnSync("bash", ["-euo", "pipefail", "-c", script], { cwd, env, encoding: "utf8", timeout: 240_000 })

// Each block starts the CLI several times (about a second each on an idle host, several on a busy one).
const blockTimeout = 300_000

describe("README", () => {
  it(
    "the command-line block runs as written",
    () => {
      const section = readme.slice(readme.indexOf("## Command line"))
      const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1]
      expect(block).toBeDefined()
      const { dir, env } = workspace()
      const result = bash(block!, dir, env)
      expect(result.status, result.stderr).toBe(0)
      expect(existsSync(join(dir, "out/jobs.db"))).toBe(true)
      expect(readFileSync(join(dir, "out/profiles.csv"), "utf8").split("\n")[0]).toContain("info.full_name")
      expect(readFileSync(join(dir, "out/changed.jsonl"), "utf8")).toContain("job_00002")
      expect(result.stderr).toContain("deleted event")
    },
    blockTimeout
  )

  it(
    "the main job (npm run sample-sync) syncs offline, and a second run writes 0",
    () => {
      const script = pkg.scripts["sample-sync"]!.replace(/^npm run build --silent && /, "").replace("node dist/cli/bin.js", "hrtech-etl")
      expect(readme).toContain("npm run sample-sync")
      const { dir, env } = workspace()
      const first = bash(script, dir, env)
      expect(first.status, first.stderr).toBe(0)
      const written = Number(/written\s+(\d+)/.exec(first.stdout)?.[1])
      expect(written).toBeGreaterThan(100)
      const second = bash(script, dir, env)
      expect(second.status, second.stderr).toBe(0)
      expect(second.stdout).toMatch(/written\s+0\b/)
      expect(second.stdout).toMatch(/resumed from state\s+true/)
    },
    blockTimeout
  )
})
