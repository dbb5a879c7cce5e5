/**
 * `hrtech-etl syncs add|list|remove|run-now|status|limits`: scheduled syncs kept in the state
 * database, run by `hrtech-etl worker` processes. Auth payloads are stored encrypted, never printed.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Record from "effect/Record"
import type * as AppEnvironment from "../app/Environment.js"
import type * as Builtin from "../connectors/builtin.js"
import * as Decode from "../core/Decode.js"
import * as SecretBox from "../core/SecretBox.js"
import * as Definition from "../scale/Definition.js"
import type * as Environment from "../scale/Environment.js"
import type * as Syncs from "../scale/Syncs.js"
import { CliUsage } from "./Errors.js"
import * as Flags from "./Flags.js"
import * as Input from "./Input.js"
import * as Output from "./Output.js"

const opt = <A>(o: Options.Options<A>, description: string) => o.pipe(Options.withDescription(description), Options.optional)

const state = opt(
  Options.text("state"),
  "state database: postgres:// URL (shared by workers) or SQLite path (default $HRTECH_ETL_STATE or .hrtech-etl/state.db)"
)
const json = Flags.boolean("json", "print the result as JSON on stdout")

/** The sync store's modules, loaded when a command uses them (they bring in the SQL drivers and every connector). */
const load = Effect.promise((): Promise<[typeof AppEnvironment, typeof Environment, typeof Syncs, typeof Builtin]> =>
  Promise.all([import("../app/Environment.js"), import("../scale/Environment.js"), import("../scale/Syncs.js"), import("../connectors/builtin.js")])
)

const stateUriOf = (app: typeof AppEnvironment, value: Option.Option<string>): string =>
  Option.match(value, {
    onNone: () => app.defaultStateUri(),
    onSome: (s) => (/^(sqlite:|postgres(ql)?:\/\/)/.test(s) ? s : `sqlite:${s}`)
  })

/** Sync-store failures the user caused become usage errors naming the flag (exit code 2). */
const usage = <A, R>(effect: Effect.Effect<A, unknown, R>): Effect.Effect<A, unknown, R> =>
  Effect.mapError(effect, (e) => {
    const tagged = e as { readonly _tag?: string; readonly field?: string; readonly reason?: string; readonly message?: string }
    if (tagged._tag === "SyncNotFound") return new CliUsage("<name>", tagged.message ?? "no such sync")
    if (tagged._tag === "SyncExists") return new CliUsage("--name", `${tagged.message ?? "exists"}: add --replace`)
    // No key to encrypt an auth payload with: the flag that carried it.
    if ((tagged._tag === "InvalidInput" || tagged._tag === "SecretKeyMissing") && tagged.field !== undefined) {
      const [head, ...rest] = tagged.field.split(/(?=[.[])/)
      const flag = `--${head!.replace(/_/g, "-")}`
      return new CliUsage(rest.length > 0 ? `${flag}: ${rest.join("").replace(/^\./, "")}` : flag, tagged.reason ?? tagged.message ?? "invalid")
    }
    return e
  })

/** Runs what `use` builds from the sync operations on the state database that `--state` names. */
const withStore = <A, E, R>(stateFlag: Option.Option<string>, use: (syncs: typeof Syncs) => Effect.Effect<A, E, R>) =>
  Effect.flatMap(load, ([app, environment, syncs, builtin]) =>
    usage(use(syncs).pipe(Effect.scoped, Effect.provide(Layer.merge(builtin.layer, environment.layer(stateUriOf(app, stateFlag))))))
  )

const addCommand = Command.make(
  "add",
  {
    config: opt(Options.file("config"), "JSON or YAML file holding the definition (snake_case keys); flags win"),
    name: opt(Options.text("name"), "unique name of the sync (its checkpoint and history key)"),
    tenant: opt(Options.text("tenant"), "the customer this sync belongs to"),
    resource: opt(Options.text("resource"), "job or profile"),
    origin: opt(Options.text("origin"), "origin connector name or URI"),
    target: opt(Options.text("target"), "target connector name or URI"),
    originAuth: opt(Options.text("origin-auth"), "origin auth/config as JSON (stored encrypted with HRTECH_ETL_SECRET_KEY, never printed)"),
    targetAuth: opt(Options.text("target-auth"), "target auth/config as JSON (stored encrypted with HRTECH_ETL_SECRET_KEY, never printed)"),
    cursorMode: opt(Options.text("cursor-mode"), "id (alias uid), created_at or updated_at (default updated_at)"),
    cursorStart: opt(Options.text("cursor-start"), "where the first run starts (later runs resume from the checkpoint)"),
    where: opt(Options.text("where"), "prefilters (WHERE) as JSON"),
    having: opt(Options.text("having"), "postfilters (HAVING) as JSON"),
    formatterId: opt(Options.text("formatter-id"), "id of a saved mapping (see `formatters build`)"),
    schedule: opt(Options.text("schedule"), "cron expression in UTC: '*/5 * * * *', or 6 fields with seconds first"),
    concurrencyClass: opt(Options.text("concurrency-class"), "class sharing a cluster-wide limit (default: the origin connector)"),
    concurrencyLimit: opt(Options.integer("concurrency-limit"), "also set the class's limit of simultaneous runs (default 4)"),
    batchSize: opt(Options.integer("batch-size"), "records per write batch (default 1000)"),
    timeoutSeconds: opt(Options.integer("timeout-seconds"), "longest run before it is stopped as failed (default 3600)"),
    disabled: Flags.boolean("disabled", "store it without scheduling it (run-now still works)"),
    replace: Flags.boolean("replace", "replace an existing sync of that name"),
    state,
    json
  },
  (flags) =>
    Effect.gen(function* () {
      const request: Record<string, unknown> = Option.isSome(flags.config) ? { ...(yield* Input.configFile(flags.config.value)) } : {}
      // The flags given override the file.
      Object.assign(
        request,
        Record.getSomes<string, unknown>({
          name: flags.name,
          tenant: flags.tenant,
          resource: flags.resource,
          origin: flags.origin,
          target: flags.target,
          cursor_mode: flags.cursorMode,
          cursor_start: flags.cursorStart,
          formatter_id: flags.formatterId,
          schedule: flags.schedule,
          concurrency_class: flags.concurrencyClass,
          batch_size: flags.batchSize,
          timeout_seconds: flags.timeoutSeconds
        })
      )
      if (flags.disabled) request.enabled = false
      for (const [key, flag, value] of [
        ["origin_auth", "--origin-auth", flags.originAuth],
        ["target_auth", "--target-auth", flags.targetAuth],
        ["where", "--where", flags.where],
        ["having", "--having", flags.having]
      ] as const) {
        if (Option.isSome(value)) request[key] = yield* Input.jsonFlag(flag, value.value)
      }
      for (const [key, flag] of [
        ["name", "--name"],
        ["tenant", "--tenant"],
        ["resource", "--resource"],
        ["origin", "--origin"],
        ["target", "--target"],
        ["schedule", "--schedule"]
      ] as const) {
        if (request[key] === undefined) return yield* Effect.fail(new CliUsage(flag, "is required"))
      }
      const decoded = yield* usage(Decode.decodeUnknownEither(Definition.SyncInput)(request))
      const [, , Syncs] = yield* load
      // Workers run from other directories: local paths are stored absolute.
      const input = { ...decoded, origin: Syncs.absoluteUri(decoded.origin), target: Syncs.absoluteUri(decoded.target) }
      const limit = Option.isSome(flags.concurrencyLimit)
        ? Option.some(
            yield* Either.mapLeft(
              Syncs.parseLimit(`${input.concurrency_class ?? Definition.defaultClassOf(input.origin)}=${flags.concurrencyLimit.value}`),
              (e) => new CliUsage("--concurrency-limit", e.reason)
            )
          )
        : Option.none()
      const saved = yield* withStore(flags.state, (Syncs) =>
        Effect.gen(function* () {
          const view = yield* Syncs.add(input, { replace: flags.replace })
          if (Option.isSome(limit)) yield* Syncs.setLimit(limit.value)
          return view
        })
      )
      if (flags.json) Output.out(JSON.stringify(saved))
      else Output.out(`sync ${saved.name} saved (class ${saved.concurrency_class}, next run ${saved.next_due_at ?? "on request"})`)
    })
).pipe(
  Command.withDescription(
    "Define a scheduled sync (stored in the state database; workers run it).\n" +
      "Example: hrtech-etl syncs add --name acme-jobs --tenant acme --resource job --origin warehouse_a " +
      `--origin-auth '{"api_key":"..."}' --target sqlite:acme.db --schedule '*/5 * * * *' --state postgres://127.0.0.1/hrtech`
  )
)

const listCommand = Command.make("list", { tenant: opt(Options.text("tenant"), "only this tenant's syncs"), state, json }, (flags) =>
  Effect.gen(function* () {
    const syncs = yield* withStore(flags.state, (Syncs) => Syncs.list({ tenant: Option.getOrUndefined(flags.tenant) }))
    if (flags.json) return Output.out(JSON.stringify(syncs))
    Output.out(
      Output.table(
        ["name", "tenant", "resource", "origin", "target", "schedule", "class", "enabled", "next_due_at"],
        syncs.map((s) => [s.name, s.tenant, s.resource, s.origin, s.target, s.schedule, s.concurrency_class, s.enabled, s.next_due_at])
      )
    )
  })
).pipe(Command.withDescription("List scheduled syncs.\nExample: hrtech-etl syncs list --tenant acme --json"))

const nameArg = Args.text({ name: "name" }).pipe(Args.withDescription("the sync's name"))

const removeCommand = Command.make("remove", { name: nameArg, state }, (flags) =>
  Effect.gen(function* () {
    yield* withStore(flags.state, (Syncs) => Syncs.remove(flags.name))
    Output.out(`sync ${flags.name} removed`)
  })
).pipe(Command.withDescription("Remove a sync (its history and checkpoint stay).\nExample: hrtech-etl syncs remove acme-jobs"))

const runNowCommand = Command.make("run-now", { name: nameArg, state, json }, (flags) =>
  Effect.gen(function* () {
    const view = yield* withStore(flags.state, (Syncs) => Syncs.runNow(flags.name))
    Output.out(flags.json ? JSON.stringify(view) : `run of ${flags.name} requested (a worker starts it within its next tick)`)
  })
).pipe(Command.withDescription("Ask the workers to run a sync now.\nExample: hrtech-etl syncs run-now acme-jobs"))

const statusCommand = Command.make(
  "status",
  { name: nameArg, runs: Options.integer("runs").pipe(Options.withDefault(10), Options.withDescription("recent runs to show")), state, json },
  (flags) =>
    Effect.gen(function* () {
      const [status, runs] = yield* withStore(flags.state, (Syncs) => Effect.all([Syncs.status(flags.name), Syncs.history(flags.name, flags.runs)]))
      if (flags.json) return Output.out(JSON.stringify({ ...status, runs }))
      const last = status.last_run
      Output.out(
        Output.keyValues([
          ["sync", status.sync.name],
          ["tenant", status.sync.tenant],
          ["schedule", status.sync.schedule],
          ["next due", status.sync.next_due_at ?? "on request"],
          [
            "current run",
            status.current ? `${status.current.status} (${status.current.counters.written} written, worker ${status.current.worker ?? "-"})` : "none"
          ],
          ["last run", last ? `${last.status} at ${last.finished_at ?? ""}` : "none"],
          ["last error", last?.error ?? ""],
          ["runs succeeded", status.runs_succeeded],
          ["runs failed", status.runs_failed]
        ])
      )
      if (runs.length > 0) {
        Output.out("")
        Output.out(
          Output.table(
            ["run", "status", "attempts", "worker", "read", "written", "failed", "started", "finished"],
            runs.map((r) => [r.run_id, r.status, r.attempts, r.worker, r.counters.read, r.counters.written, r.counters.failed, r.started_at, r.finished_at])
          )
        )
      }
    })
).pipe(Command.withDescription("Live status and recent runs of a sync.\nExample: hrtech-etl syncs status acme-jobs --json"))

const limitsCommand = Command.make(
  "limits",
  {
    set: Options.text("set").pipe(Options.repeated, Options.withDescription("CLASS=N: at most N runs of the class at once, cluster-wide")),
    state,
    json
  },
  (flags) =>
    Effect.gen(function* () {
      const [, , Syncs] = yield* load
      const parsed = yield* Effect.forEach(flags.set, (text) => Either.mapLeft(Syncs.parseLimit(text), (e) => new CliUsage("--set", e.reason)))
      const limits = yield* withStore(flags.state, () => Effect.zipRight(Effect.forEach(parsed, Syncs.setLimit), Syncs.limits))
      if (flags.json) return Output.out(JSON.stringify(limits))
      Output.out(
        Output.table(
          ["class", "max_concurrent"],
          limits.map((l) => [l.concurrency_class, l.max_concurrent])
        )
      )
      Output.err(`classes not listed run at most ${Definition.defaultMaxConcurrent} at once`)
    })
).pipe(Command.withDescription("Show or set per-class concurrency limits.\nExample: hrtech-etl syncs limits --set warehouse_a=8"))

const rekeyCommand = Command.make("rekey", { state }, (flags) =>
  Effect.gen(function* () {
    const key = SecretBox.fromEnv().current
    if (key === undefined) return yield* Effect.fail(new CliUsage(SecretBox.variable, "is not set: there is no key to encrypt with"))
    if (Either.isLeft(key)) return yield* Effect.fail(new CliUsage(SecretBox.variable, key.left))
    const count = yield* withStore(flags.state, (Syncs) => Syncs.rekey)
    Output.out(`${count} sync definitions encrypted with the current HRTECH_ETL_SECRET_KEY`)
  })
).pipe(
  Command.withDescription(
    "Encrypt every stored auth payload again with HRTECH_ETL_SECRET_KEY (after a key rotation, with the old key in " +
      "HRTECH_ETL_SECRET_KEY_PREVIOUS, or to encrypt definitions stored in clear by an earlier version).\n" +
      "Example: HRTECH_ETL_SECRET_KEY_PREVIOUS=$OLD HRTECH_ETL_SECRET_KEY=$NEW hrtech-etl syncs rekey --state postgres://127.0.0.1/hrtech"
  )
)

/** `hrtech-etl syncs ...`. */
export const syncsCommand = Command.make("syncs").pipe(
  Command.withDescription("Define, inspect and trigger scheduled syncs run by `hrtech-etl worker`."),
  Command.withSubcommands([addCommand, listCommand, removeCommand, runNowCommand, statusCommand, limitsCommand, rekeyCommand])
)
