#!/usr/bin/env node
/**
 * The CLI's start-up artefacts, built by `npm run build` after tsc:
 * - dist/bundle/: the full CLI (src/cli/Main.ts) bundled by esbuild, split at its lazy imports.
 *   Node loads one file instead of some 700 modules (effect's Schema alone brings 400, fast-check
 *   among them): about half the start-up time. dist/cli/bin.js uses it when it is there.
 * - dist/cli/manifest.json: the answers of the informational commands, recorded from the full CLI,
 *   which dist/cli/bin.js prints without loading Effect (src/cli/FastPath.ts).
 * Incremental: skipped when the compiled JavaScript and package.json are byte-identical to the last
 * build's (so `npm run sample-sync` does not rebuild them).
 *
 * Usage: node scripts/build-cli.mjs [--force]
 */
import { createHash } from "node:crypto"
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const dist = join(root, "dist")
const bundle = join(dist, "bundle")
const manifestPath = join(dist, "cli", "manifest.json")

const digest = () => {
  const hash = createHash("sha256")
  const files = readdirSync(dist, { recursive: true })
    .filter((file) => file.endsWith(".js") && !file.startsWith(`bundle`))
    .sort()
  for (const file of [...files.map((file) => join(dist, file)), join(root, "package.json")]) {
    hash.update(file.slice(root.length)).update("\0").update(readFileSync(file)).update("\0")
  }
  return hash.digest("hex")
}

const recordedInputs = () => {
  try {
    return JSON.parse(readFileSync(manifestPath, "utf8")).inputs
  } catch {
    return undefined
  }
}

/** Bundles dist/cli/Main.js into dist/bundle/ (same depth as dist/cli/, so `../../package.json` still resolves). */
const bundleCli = async () => {
  rmSync(bundle, { recursive: true, force: true })
  let esbuild
  try {
    esbuild = await import("esbuild")
  } catch {
    process.stderr.write("build-cli: esbuild is not installed; the CLI runs unbundled (slower start)\n")
    return
  }
  await esbuild.build({
    entryPoints: { Main: join(dist, "cli", "Main.js") },
    outdir: bundle,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Native addons and optional drivers load from node_modules; the playground compiler only when asked.
    external: ["better-sqlite3", "pg-native", "typescript"],
    // Some dependencies are CommonJS and call require().
    banner: { js: 'import { createRequire as __hrtechCreateRequire } from "node:module"; const require = __hrtechCreateRequire(import.meta.url);' },
    logLevel: "error"
  })
  // The playground reads its browser script beside its module.
  mkdirSync(join(bundle, "playground"))
  copyFileSync(join(dist, "server", "playground", "Client.js"), join(bundle, "playground", "Client.js"))
}

const inputs = digest()
if (!process.argv.includes("--force") && recordedInputs() === inputs) process.exit(0)

try {
  await bundleCli()
  const Manifest = await import(pathToFileURL(join(dist, "cli", "Manifest.js")).href)
  const manifest = await Manifest.generate(inputs)
  writeFileSync(`${manifestPath}.tmp`, JSON.stringify(manifest))
  renameSync(`${manifestPath}.tmp`, manifestPath)
  process.stdout.write(`build-cli: CLI bundled into dist/bundle/, ${Object.keys(manifest.answers).length} answers recorded in dist/cli/manifest.json\n`)
} catch (error) {
  // Stale artefacts would answer for an older CLI: none is better (the CLI then runs unbundled, in full).
  rmSync(manifestPath, { force: true })
  rmSync(bundle, { recursive: true, force: true })
  process.stderr.write(`build-cli: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
}
