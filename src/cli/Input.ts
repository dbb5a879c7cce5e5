/**
 * Reading CLI inputs: JSON flags, `--config` files (JSON or YAML) and `--input` files (JSON, JSONL, stdin).
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { readFile } from "node:fs/promises"
import type * as YAML from "yaml"
import { CliUsage } from "./Errors.js"

/** Parses a JSON flag value, naming the flag when it is malformed. */
export const jsonFlag = (flag: string, text: string): Effect.Effect<unknown, CliUsage> =>
  Either.match(Either.try({ try: () => JSON.parse(text) as unknown, catch: (e) => new CliUsage(flag, `malformed JSON (${(e as Error).message})`) }), {
    onLeft: Effect.fail,
    onRight: Effect.succeed
  })

/** Parses a JSON flag holding secrets: a parse error gives only the position, never the text around it. */
export const secretJsonFlag = (flag: string, text: string): Effect.Effect<unknown, CliUsage> =>
  Either.match(
    Either.try({
      try: () => JSON.parse(text) as unknown,
      catch: (e) => {
        const position = /position (\d+)/.exec((e as Error).message)?.[1]
        return new CliUsage(flag, `malformed JSON${position ? ` at position ${position}` : ""}`)
      }
    }),
    { onLeft: Effect.fail, onRight: Effect.succeed }
  )

const readText = (flag: string, path: string): Effect.Effect<string, CliUsage> =>
  path === "-"
    ? Effect.tryPromise({
        try: async () => {
          const chunks: Array<Buffer> = []
          for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
          return Buffer.concat(chunks).toString("utf8")
        },
        catch: (e) => new CliUsage(flag, `cannot read standard input (${(e as Error).message})`)
      })
    : Effect.tryPromise({
        try: () => readFile(path, "utf8"),
        catch: (e) => new CliUsage(flag, `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
      })

/**
 * Where a config file is malformed, by line and column only: the parsers' own messages quote the
 * offending line, and a config line often holds a key or a password.
 */
const whereMalformed = (error: unknown, text: string, yaml: Pick<typeof YAML, "YAMLError"> | undefined): string => {
  if (yaml !== undefined && error instanceof yaml.YAMLError) {
    const at = error.linePos?.[0]
    return at ? `${error.code} at line ${at.line}, column ${at.col}` : error.code
  }
  const position = /position (\d+)/.exec((error as Error)?.message ?? "")
  if (position === null) return "not valid JSON"
  const before = text.slice(0, Number(position[1]))
  const line = before.split("\n").length
  return `not valid JSON at line ${line}, column ${before.length - before.lastIndexOf("\n")}`
}

// yaml is CommonJS: its exports are the namespace's default once bundled (dist/bundle), named ones too under plain Node.
type Yaml = Pick<typeof YAML, "parse" | "YAMLError">
const loadYaml = (): Promise<Yaml> => import("yaml").then((module): Yaml => module.default ?? module)

/** Reads a `--config` file: a JSON or YAML object of the same options (snake_case keys). */
export const configFile = (path: string): Effect.Effect<Record<string, unknown>, CliUsage> =>
  Effect.gen(function* () {
    const text = yield* readText("--config", path)
    // The YAML parser loads only for a YAML file.
    const yaml = /\.ya?ml$/i.test(path) ? yield* Effect.promise(loadYaml) : undefined
    const value = yield* Either.try({
      try: () => (yaml !== undefined ? yaml.parse(text) : JSON.parse(text)) as unknown,
      catch: (e) => new CliUsage("--config", `malformed ${yaml !== undefined ? "YAML" : "JSON"} in ${path} (${whereMalformed(e, text, yaml)})`)
    })
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : yield* Effect.fail(new CliUsage("--config", `${path} must hold an object of options`))
  })

/**
 * Reads `--input`: a JSON array, a JSON object with `resources` or `events`, or JSONL (one record
 * per line; a malformed line is reported with its number).
 */
export const records = (path: string, key: "resources" | "events"): Effect.Effect<ReadonlyArray<unknown>, CliUsage> =>
  Effect.flatMap(readText("--input", path), (text) => {
    const trimmed = text.trim()
    if (trimmed === "") return Effect.succeed([])
    if (!/\.jsonl$/i.test(path) && (trimmed.startsWith("[") || trimmed.startsWith("{"))) {
      const whole = Either.try(() => JSON.parse(trimmed) as unknown)
      if (Either.isRight(whole)) {
        const value = whole.right
        if (Array.isArray(value)) return Effect.succeed(value)
        if (value !== null && typeof value === "object" && Array.isArray((value as Record<string, unknown>)[key])) {
          return Effect.succeed((value as Record<string, Array<unknown>>)[key]!)
        }
        if (!trimmed.includes("\n")) return Effect.fail(new CliUsage("--input", `expected a JSON array or an object with "${key}"`))
      } else if (!trimmed.includes("\n")) {
        return Effect.fail(new CliUsage("--input", `malformed JSON (${(whole.left as Error).message})`))
      }
    }
    const out: Array<unknown> = []
    const lines = text.split(/\r?\n/)
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim()
      if (line === "") continue
      const parsed = Either.try(() => JSON.parse(line) as unknown)
      if (Either.isLeft(parsed)) return Effect.fail(new CliUsage("--input", `line ${i + 1}: malformed JSON (${(parsed.left as Error).message})`))
      out.push(parsed.right)
    }
    return Effect.succeed(out)
  })
