/**
 * The import rules of src/ (`.dependency-cruiser.cjs`, `npm run lint:deps`): checked on the sources,
 * and on a small tree that breaks each rule once, so a rule that stops matching fails here too.
 */
import { describe, expect, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))
const bin = join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs")
const config = join(root, ".dependency-cruiser.cjs")

interface Violation {
  readonly rule: { readonly name: string }
  readonly from: string
  readonly to: string
  readonly cycle?: ReadonlyArray<{ readonly name: string }>
}

/** The violations dependency-cruiser finds in `src/` of a directory, with the repository's rules. */
const violations = (cwd: string): ReadonlyArray<Violation> => {
  const run = spawnSync(process.execPath, [bin, "src", "--config", config, "--output-type", "json"], {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024
  })
  if (run.stdout === "") throw new Error(`dependency-cruiser printed nothing: ${run.stderr}`)
  return (JSON.parse(run.stdout) as { summary: { violations: ReadonlyArray<Violation> } }).summary.violations
}

/** A cycle as one string, starting from its smallest module, so each cycle has one spelling. */
const cycleOf = (violation: Violation): string => {
  const modules = (violation.cycle ?? []).map((step) => step.name)
  const start = modules.indexOf([...modules].sort()[0]!)
  return [...modules.slice(start), ...modules.slice(0, start)].join(" → ")
}

const describeViolation = (violation: Violation): string =>
  violation.rule.name === "no-circular" ? `no-circular: ${cycleOf(violation)}` : `${violation.rule.name}: ${violation.from} → ${violation.to}`

describe("import rules", () => {
  it("hold in src/", () => {
    expect([...new Set(violations(root).map(describeViolation))]).toEqual([])
  })

  it("each catch its violation, and leave the edges alone", () => {
    const dir = mkdtempSync(join(tmpdir(), "hrtech-etl-imports-"))
    try {
      const files: Record<string, string> = {
        "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } }),
        // core importing anything of src/ outside core
        "src/core/Leaf.ts": `import { value } from "../http/Plumbing.js"\nexport const leaf = value\n`,
        // shared plumbing reaching into the SQL connector
        "src/http/Plumbing.ts": `import { client } from "../connectors/sql/Client.js"\nexport const value = client\n`,
        "src/connectors/sql/Client.ts": `export const client = 1\n`,
        // one connector importing another
        "src/connectors/lever/index.ts": `import { board } from "../greenhouse/index.js"\nexport const lever = board\n`,
        "src/connectors/greenhouse/index.ts": `export const board = 2\n`,
        // the edges: the registry of built-ins, the CLI and the server may import connectors
        "src/connectors/builtin.ts": `import { client } from "./sql/Client.js"\nimport { lever } from "./lever/index.js"\nexport const all = [client, lever]\n`,
        "src/cli/Main.ts": `import { all } from "../connectors/builtin.js"\nexport const main = all\n`,
        "src/server/Server.ts": `import { all } from "../connectors/builtin.js"\nexport const server = all\n`,
        // anything else may not, and no module imports itself back through others
        "src/app/Environment.ts": `import { board } from "../connectors/greenhouse/index.js"\nimport { ping } from "./Loop.js"\nexport const pong = () => [board, ping]\n`,
        "src/app/Loop.ts": `import type { pong } from "./Environment.js"\nexport const ping = (f?: typeof pong) => f\n`
      }
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true })
        writeFileSync(join(dir, path), text)
      }
      // A cycle may be reported once per module on it: each is listed once.
      expect([...new Set(violations(dir).map(describeViolation))].sort()).toEqual(
        [
          "connector-imports-no-other-connector: src/connectors/lever/index.ts → src/connectors/greenhouse/index.ts",
          "connectors-only-from-edges: src/app/Environment.ts → src/connectors/greenhouse/index.ts",
          "connectors-only-from-edges: src/http/Plumbing.ts → src/connectors/sql/Client.ts",
          "core-is-leaf: src/core/Leaf.ts → src/http/Plumbing.ts",
          "no-circular: src/app/Environment.ts → src/app/Loop.ts",
          "no-sql-from-connectors: src/http/Plumbing.ts → src/connectors/sql/Client.ts"
        ].sort()
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
