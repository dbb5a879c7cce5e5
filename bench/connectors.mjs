/**
 * The connectors the benchmarks share, built on the core only (so that B2's process loads nothing
 * else): the HTTP origin over the fake server, a slow target, a JSONL file sink, and plain validators.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { rmSync } from "node:fs"
import { open } from "node:fs/promises"
import { Connector, Guard, Unified } from "./lib.mjs"
import { pages } from "./server.mjs"

/** The unified schemas (origin of every benchmark, target of the memory and file sinks). */
export const unifiedSchemas = { job: Unified.UnifiedJob, profile: Unified.UnifiedProfile }

/** An origin reading the fake server's pages over HTTP (fetch), as a framework connector. */
export const httpOrigin = (base, query) =>
  Connector.fromAsyncIterable({
    name: "bench-http",
    schemas: unifiedSchemas,
    read: () => pages(base, query)
  })

/** A framework connector whose write sleeps `ms` per batch (the slow target of B3). */
export const slowTarget = (ms) => {
  return Connector.fromAsyncIterable({
    name: "bench-slow",
    schemas: unifiedSchemas,
    write: async (_, batch) => {
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
      return batch.map((r) => Connector.Outcome.created(r.id))
    }
  })
}

/**
 * A JSONL file sink as a framework connector (used when the build has no `connectors/file`): one
 * `write` call per batch, lines joined and appended with one `FileHandle.write`. `appendLines` is the
 * same write without the connector, for the hand-written loops.
 */
export const fileSink = async (path) => {
  rmSync(path, { force: true })
  const handle = await open(path, "a")
  const appendLines = async (batch) => {
    let text = ""
    for (const record of batch) text += JSON.stringify(record) + "\n"
    await handle.write(text)
  }
  const connector = Connector.fromAsyncIterable({
    name: `file:${path}`,
    schemas: unifiedSchemas,
    write: async (_, batch) => {
      await appendLines(batch)
      return batch.map((r) => Connector.Outcome.created(r.id))
    }
  })
  return { connector, appendLines, close: () => handle.close() }
}

/** Validators built straight from effect/Schema, with the options the connector decoder uses. */
export const validator = (schema) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "first", onExcessProperty: "ignore" })
  return (raw) => Either.isRight(decode(raw))
}

/** The framework's own check (what `Connector.validator` runs): the compiled `Guard`, then Effect's decoder. */
export const guardedValidator = (schema) => {
  const guard = Guard.compile(schema)
  const decode = validator(schema)
  return (raw) => guard(raw) || decode(raw)
}
