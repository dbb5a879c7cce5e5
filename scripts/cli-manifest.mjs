#!/usr/bin/env node
/**
 * Writes dist/cli/manifest.json: the answers of the CLI's informational commands, recorded from the
 * full CLI just built, which `hrtech-etl` prints without loading Effect (src/cli/FastPath.ts). Part of
 * `npm run build`, after tsc. Incremental: skipped when the compiled JavaScript and package.json are
 * byte-identical to those the manifest was recorded from.
 *
 * Usage: node scripts/cli-manifest.mjs [--force]
 */
import { createHash } from "node:crypto"
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const dist = join(root, "dist")
const target = join(dist, "cli", "manifest.json")

const digest = () => {
  const hash = createHash("sha256")
  const files = readdirSync(dist, { recursive: true })
    .filter((file) => file.endsWith(".js"))
    .sort()
  for (const file of [...files.map((file) => join(dist, file)), join(root, "package.json")]) {
    hash.update(file.slice(root.length)).update("\0").update(readFileSync(file)).update("\0")
  }
  return hash.digest("hex")
}

const readInputs = () => {
  try {
    return JSON.parse(readFileSync(target, "utf8")).inputs
  } catch {
    return undefined
  }
}

const inputs = digest()
if (!process.argv.includes("--force") && readInputs() === inputs) process.exit(0)

try {
  const Manifest = await import(pathToFileURL(join(dist, "cli", "Manifest.js")).href)
  const manifest = await Manifest.generate(inputs)
  writeFileSync(`${target}.tmp`, JSON.stringify(manifest))
  renameSync(`${target}.tmp`, target)
  process.stdout.write(`cli-manifest: ${Object.keys(manifest.answers).length} answers recorded in dist/cli/manifest.json\n`)
} catch (error) {
  // A stale manifest would answer for an older CLI: none is better (every command then runs in full).
  rmSync(target, { force: true })
  process.stderr.write(`cli-manifest: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
}
