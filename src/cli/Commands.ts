/**
 * The `hrtech-etl` commands. Each handler turns flags (and an optional `--config` file) into the same
 * wire request the HTTP API takes, and runs it through the shared `app/Runs` layer.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Record from "effect/Record"
import type * as Environment from "../app/Environment.js"
import * as Requests from "../app/Requests.js"
import * as Runs from "../app/Runs.js"
import type * as Builtin from "../connectors/builtin.js"
import * as Decode from "../core/Decode.js"
import * as Metadata from "../core/Metadata.js"
import * as Registry from "../core/Registry.js"
import * as Unified from "../core/Unified.js"
import type * as Pipeline from "../core/Pipeline.js"
import type { PushResult } from "../core/Push.js"
import { CliUsage } from "./Errors.js"
import * as Flags from "./Flags.js"
import * as Input from "./Input.js"
import * as Output from "./Output.js"

/** Exit code requested by a command that finished (1 when records failed). */
export class Finished {
  constructor(readonly code: number) {}
}

const opt = <A>(o: Options.Options<A>, description: string) => o.pipe(Options.withDescription(description), Options.optional)

/** Flags shared by the run commands (`pull`, `push`, `failures retry`). */
export const common = {
  config: opt(Options.file("config"), "JSON or YAML file holding these options (snake_case keys); flags win"),
  resource: opt(Options.text("resource"), "job or profile"),
  origin: opt(Options.text("origin"), "origin connector name or URI (file:x.jsonl, sqlite:x.db, postgres://...)"),
  target: opt(Options.text("target"), "target connector name or URI"),
  originAuth: opt(Options.text("origin-auth"), "origin auth/config as JSON (secrets never printed)"),
  targetAuth: opt(Options.text("target-auth"), "target auth/config as JSON"),
  having: opt(Options.text("having"), 'postfilters (HAVING) as a JSON list: [{"field":"title","op":"contains","value":"Senior"}]'),
  mapping: opt(Options.text("mapping"), 'field mapping as JSON: [{"from":"title","to":"name"}]'),
  formatterId: opt(Options.text("formatter-id"), "id of a saved mapping (see `formatters build`)"),
  batchSize: opt(Options.text("batch-size"), "records per write batch (default 1000)"),
  dryRun: Flags.boolean("dry-run", "read, filter and format, write nothing"),
  state: opt(Options.text("state"), "state store (SQLite path or postgres:// URL) keeping cursors, formatters, failed records"),
  json: Flags.boolean("json", "print the result as one JSON object on stdout"),
  progress: Flags.boolean("progress", "show progress on stderr even when it is not a terminal")
}

/** Values of the shared flags. */
export type CommonFlags = {
  readonly [K in keyof typeof common]: (typeof common)[K] extends Options.Options<infer A> ? A : never
}

const stateUriOf = (state: string | undefined): string | undefined =>
  state === undefined ? undefined : /^(sqlite:|postgres(ql)?:\/\/)/.test(state) ? state : `sqlite:${state}`

/** A numeric flag read as text: a number when it spells one, else the text, for the request schema to refuse naming the flag. */
export const numberOrText = (text: string): number | string => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text)

/** Merges `--config` with flags into a wire request object. */
export const baseRequest = (flags: CommonFlags, kind: "pull" | "push") =>
  Effect.gen(function* () {
    const fromFile = Option.isSome(flags.config) ? yield* Input.configFile(flags.config.value) : {}
    const { control, request } = Requests.splitConfig(kind, fromFile)
    // The flags given override the file. --batch-size is read as text so the request schema reports a bad value naming it.
    Object.assign(
      request,
      Record.getSomes<string, unknown>({
        resource: flags.resource,
        origin: flags.origin,
        target: flags.target,
        formatter_id: flags.formatterId,
        batch_size: Option.map(flags.batchSize, numberOrText)
      })
    )
    if (flags.dryRun) request.dry_run = true
    const json = (key: string, flag: string, value: Option.Option<string>) =>
      Option.isSome(value) ? Effect.map(Input.jsonFlag(flag, value.value), (v) => void (request[key] = v)) : Effect.void
    const secretJson = (key: string, flag: string, value: Option.Option<string>) =>
      Option.isSome(value) ? Effect.map(Input.secretJsonFlag(flag, value.value), (v) => void (request[key] = v)) : Effect.void
    yield* secretJson("origin_auth", "--origin-auth", flags.originAuth)
    yield* secretJson("target_auth", "--target-auth", flags.targetAuth)
    yield* json("having", "--having", flags.having)
    yield* json("mapping", "--mapping", flags.mapping)
    return {
      request,
      state: Option.getOrUndefined(flags.state) ?? control.state,
      json: flags.json || control.json === true,
      progress: flags.progress || control.progress === true
    }
  })

/** Fails with a usage error naming the flag of the first missing key. */
export const requireKeys = (request: Record<string, unknown>, keys: ReadonlyArray<[string, string]>) =>
  Effect.forEach(keys, ([key, flag]) => (request[key] === undefined ? Effect.fail(new CliUsage(flag, "is required")) : Effect.void))

// Connectors and state stores load when a command runs, not when the CLI starts.
const environment = Effect.promise((): Promise<typeof Environment> => import("../app/Environment.js"))

/** The built-in connectors, the registry every command resolves `--origin` / `--target` through. */
const registryLayer = Layer.unwrapEffect(
  Effect.map(
    Effect.promise((): Promise<typeof Builtin> => import("../connectors/builtin.js")),
    (Builtin) => Builtin.layer
  )
)

/** Runs an effect on the registry and the state store that `--state` names (default `$HRTECH_ETL_STATE` or `.hrtech-etl/state.db`). */
export const withEnvironment = <A, E, R>(state: string | undefined, effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(environment, (Environment) => effect.pipe(Effect.scoped, Effect.provide(Layer.merge(registryLayer, Environment.layer(stateUriOf(state))))))

const progressLine = (p: Pipeline.PullProgress) =>
  `read ${p.stats.read}  written ${p.stats.written}  failed ${p.stats.failed}  filtered ${p.stats.filtered_out}` +
  `  ${Math.round(p.stats.read / Math.max(0.001, p.stats.duration_ms / 1000))} rec/s  cursor ${p.cursor.end ?? "-"}`

/** `pull`, and `pull-cmd` (the original project's spelling) with the same options. */
const makePullCommand = (name: string, description: string) =>
  Command.make(
    name,
    {
      ...common,
      cursorMode: opt(Options.text("cursor-mode"), "cursor field: id (alias uid), created_at or updated_at (default updated_at)"),
      cursorStart: opt(Options.text("cursor-start"), "start (inclusive): an ISO date-time, or an id for --cursor-mode id"),
      cursorSortBy: opt(Options.text("cursor-sort-by"), "reading direction: asc or desc (default asc)"),
      where: opt(Options.text("where"), 'prefilters (WHERE) pushed to the origin, as JSON: [{"field":"status","op":"eq","value":"open"}]'),
      pipelineId: opt(Options.text("pipeline-id"), "name under which --state keeps this pull's cursor (default derived from the options)")
    },
    (flags) =>
      Effect.gen(function* () {
        const base = yield* baseRequest(flags, "pull")
        const request = base.request
        if (Option.isSome(flags.where)) request.where = yield* Input.jsonFlag("--where", flags.where.value)
        if (Option.isSome(flags.pipelineId)) request.pipeline_id = flags.pipelineId.value
        const cursor = request.cursor as Record<string, unknown>
        for (const [key, flag] of [
          ["mode", flags.cursorMode],
          ["start", flags.cursorStart],
          ["sort_by", flags.cursorSortBy]
        ] as const) {
          if (Option.isSome(flag)) cursor[key] = flag.value
        }
        if (base.state !== undefined) request.resume = true
        yield* requireKeys(request, [
          ["resource", "--resource"],
          ["origin", "--origin"],
          ["target", "--target"]
        ])
        const decoded = yield* Requests.decodePull(request)
        const show = Output.showProgress(base.progress)
        const result = yield* withEnvironment(
          base.state,
          Runs.pull(decoded, {
            persistCursor: base.state !== undefined,
            ...(show ? { onProgress: (p: Pipeline.PullProgress) => Effect.sync(() => Output.err(progressLine(p))) } : {})
          })
        )
        if (base.json) Output.out(JSON.stringify(result))
        else {
          const s = result.stats
          Output.out(
            Output.keyValues([
              ["pipeline", result.pipeline_id],
              ["resumed from state", result.resumed],
              ["read", s.read],
              ["filtered out", s.filtered_out],
              ["written", s.written],
              ["created", s.created],
              ["updated", s.updated],
              ["archived", s.archived],
              ["failed", s.failed],
              ["skipped (already taken)", s.skipped_seen],
              ["pages", s.pages],
              ["batches", s.batches],
              ["duration ms", s.duration_ms],
              ["where applied in memory", s.where_in_memory.length > 0 ? s.where_in_memory : "none"],
              ["dry run", s.dry_run],
              ["cursor start", result.cursor.start ?? ""],
              ["cursor end", result.cursor.end ?? ""]
            ])
          )
          for (const e of s.errors.slice(0, 10)) Output.err(`failed ${e.stage}${e.id ? ` ${e.id}` : ""}: ${e.message}`)
        }
        if (result.stats.failed > 0) return yield* Effect.fail(new Finished(1))
      })
  ).pipe(Command.withDescription(description))

const pullCommand = makePullCommand(
  "pull",
  "Copy records from an origin to a target, incrementally by cursor.\n" +
    "Example: hrtech-etl pull --resource job --origin file:data/sample/jobs.jsonl.gz --target sqlite:jobs.db " +
    `--where '[{"field":"status","op":"eq","value":"open"}]' --state state.db`
)
const pullCmdCommand = makePullCommand("pull-cmd", "Same as pull: the original project's spelling.")

/** Prints a push's first skipped and failed records on stderr. */
export const printIssues = (result: PushResult): void => {
  for (const s of result.skipped.slice(0, 10)) Output.err(`skipped${s.id ? ` ${s.id}` : ""}: ${s.reason}`)
  for (const e of result.errors.slice(0, 10)) Output.err(`failed ${e.stage}${e.id ? ` ${e.id}` : ""}: ${e.message}`)
}

/** `push`, and `push-cmd` (the original project's spelling) with the same options. */
const makePushCommand = (name: string, description: string) =>
  Command.make(
    name,
    {
      ...common,
      mode: opt(Options.text("mode"), "resources (push the given records) or events (resolve change events to records)"),
      input: opt(Options.text("input"), "records or events: a .json or .jsonl file, or - for stdin")
    },
    (flags) =>
      Effect.gen(function* () {
        const base = yield* baseRequest(flags, "push")
        const request = base.request
        if (Option.isSome(flags.mode)) request.mode = flags.mode.value
        yield* requireKeys(request, [
          ["resource", "--resource"],
          ["origin", "--origin"],
          ["target", "--target"],
          ["mode", "--mode"]
        ])
        const key = request.mode === "events" ? "events" : "resources"
        const inputPath = Option.getOrUndefined(flags.input) ?? (typeof request.input === "string" ? request.input : undefined)
        delete request.input
        if (inputPath !== undefined) request[key] = yield* Input.records(inputPath, key)
        if (request[key] === undefined) return yield* Effect.fail(new CliUsage("--input", "is required"))
        const decoded = yield* Requests.decodePush(request)
        const result = yield* withEnvironment(base.state, Runs.push(decoded))
        if (base.json) Output.out(JSON.stringify(result))
        else {
          Output.out(
            Output.keyValues([
              ["events", result.total_events],
              ["resources fetched", result.total_resources_fetched],
              ["pushed", result.total_resources_pushed],
              ["archived", result.total_archived],
              ["skipped missing", result.skipped_missing],
              ["skipped having", result.skipped_having],
              ["duplicate events", result.skipped_duplicate_events],
              ["errors", result.errors.length],
              ["dry run", result.dry_run],
              ["duration ms", result.duration_ms]
            ])
          )
          printIssues(result)
        }
        if (result.errors.length > 0) return yield* Effect.fail(new Finished(1))
      })
  ).pipe(Command.withDescription(description))

const pushCommand = makePushCommand(
  "push",
  "Push given records, or the records that change events refer to, into a target.\n" +
    "Example: hrtech-etl push --resource job --origin file:jobs.jsonl --target sqlite:jobs.db --mode events --input events.jsonl"
)
const pushCmdCommand = makePushCommand("push-cmd", "Same as push: the original project's spelling.")

const connectorsCommand = Command.make("connectors", { json: common.json }, ({ json }) =>
  Effect.gen(function* () {
    const registry = yield* Registry.Registry
    const rows = registry.list().map((f) => ({
      name: f.name,
      label: f.label,
      warehouse_type: f.warehouseType,
      ...(f.api !== undefined ? { api: f.api } : {})
    }))
    Output.out(
      json
        ? JSON.stringify(rows)
        : Output.table(
            ["name", "label", "warehouse_type", "api_version", "verified_at"],
            rows.map((r) => [r.name, r.label, r.warehouse_type, r.api?.version ?? "", r.api?.verified_at ?? ""])
          )
    )
  }).pipe(Effect.provide(registryLayer))
).pipe(Command.withDescription("List the registered connectors.\nExample: hrtech-etl connectors --json"))

const schemaCommand = Command.make(
  "schema",
  {
    connector: Args.text({ name: "connector" }).pipe(Args.withDescription("a connector name, a storage URI, or `unified`")),
    resource: Args.choice(
      [
        ["job", "job"],
        ["profile", "profile"]
      ] as const,
      { name: "resource" }
    ),
    onlyPrefilterable: Flags.boolean("only-prefilterable", "only fields usable in --where")
  },
  ({ connector, resource, onlyPrefilterable }) =>
    Effect.gen(function* () {
      const registry = yield* Registry.Registry
      const schema = connector === "unified" ? Unified.schemaFor(resource) : (yield* registry.schemas(connector))[resource]
      Output.out(JSON.stringify(Metadata.exportModelFields(schema, { onlyPrefilterable }), null, 2))
    }).pipe(Effect.provide(registryLayer))
).pipe(
  Command.withDescription("Print a native or unified schema's fields with their metadata.\nExample: hrtech-etl schema warehouse_a job --only-prefilterable")
)

const formattersBuild = Command.make(
  "build",
  {
    mapping: Options.text("mapping").pipe(Options.withDescription('the mapping as JSON: [{"from":"title","to":"name"}]')),
    resource: Options.choice("resource", ["job", "profile"]).pipe(Options.withDefault("job" as const), Options.withDescription("job or profile")),
    origin: opt(Options.text("origin"), "origin connector the mapping reads from (checked against its schema)"),
    target: opt(Options.text("target"), "target connector the mapping writes to (checked against its schema)"),
    state: common.state,
    json: common.json
  },
  (flags) =>
    Effect.gen(function* () {
      const mapping = yield* Input.jsonFlag("--mapping", flags.mapping)
      const request = yield* Decode.decodeUnknownEither(Requests.FormatterBuildRequest)({
        resource: flags.resource,
        origin: Option.getOrElse(flags.origin, () => "unified"),
        target: Option.getOrElse(flags.target, () => "unified"),
        mapping
      })
      const saved = yield* withEnvironment(Option.getOrUndefined(flags.state), Runs.buildFormatter(request))
      Output.out(flags.json ? JSON.stringify(saved) : saved.formatter_id)
    })
).pipe(
  Command.withDescription(
    "Validate a mapping and save it as a formatter; prints its id.\n" +
      `Example: hrtech-etl formatters build --origin warehouse_a --target warehouse_b --mapping '[{"from":"title","to":"name"}]'`
  )
)

const formattersShow = Command.make("show", { id: Args.text({ name: "id" }), state: common.state }, ({ id, state }) =>
  Effect.gen(function* () {
    const saved = yield* withEnvironment(state._tag === "Some" ? state.value : undefined, Runs.getFormatter(id))
    Output.out(JSON.stringify(saved, null, 2))
  })
).pipe(Command.withDescription("Print a saved formatter.\nExample: hrtech-etl formatters show fmt_0123456789abcdef"))

const formattersCommand = Command.make("formatters").pipe(
  Command.withDescription("Build and inspect saved mapping formatters."),
  Command.withSubcommands([formattersBuild, formattersShow])
)

/** The root command with every subcommand except `serve`, which `Main` adds. */
export const commands = [pullCommand, pushCommand, pullCmdCommand, pushCmdCommand, connectorsCommand, schemaCommand, formattersCommand] as const
