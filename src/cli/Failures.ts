/**
 * `hrtech-etl failures list|retry`: the failed records kept in the state store, and their replay
 * (see `app/Failures`). Listing prints messages; payloads only with `--json`. Failures are scrubbed of
 * secrets when they are recorded, and auth flags are never printed.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Failures from "../app/Failures.js"
import * as Decode from "../core/Decode.js"
import { baseRequest, common, Finished, numberOrText, printIssues, requireKeys, withEnvironment } from "./Commands.js"
import { CliUsage } from "./Errors.js"
import * as Output from "./Output.js"

const pipeline = Options.text("pipeline").pipe(Options.withDescription("pipeline id (as a pull reports it, or webhook:<connector>)"))
const limit = (defaultLimit: number, what: string) =>
  Options.text("limit").pipe(Options.withDescription(`${what} (default ${defaultLimit}, at most ${Failures.maxLimit})`), Options.optional)

// These commands spell the request's pipeline_id and limit as --pipeline and --limit.
const flagOf: Readonly<Record<string, string>> = { pipeline_id: "--pipeline", limit: "--limit" }

/** A request key's bad value as a usage error naming this command's flag; other errors as they are. */
const namingFlags = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.mapError(effect, (e): E | CliUsage => {
    const tagged = e as { readonly _tag?: string; readonly field?: string; readonly reason?: string }
    const flag = tagged._tag === "InvalidInput" && tagged.field !== undefined ? flagOf[tagged.field] : undefined
    return flag === undefined ? e : new CliUsage(flag, tagged.reason ?? "invalid")
  })

// Long vendor messages would make the table unreadable; --json has them whole.
const shortMessage = (message: string) => (message.length > 160 ? `${message.slice(0, 160)}…` : message)

const listCommand = Command.make(
  "list",
  {
    pipeline: Options.optional(pipeline),
    limit: limit(100, "how many failures to show, newest first"),
    state: common.state,
    json: common.json
  },
  (flags) =>
    Effect.gen(function* () {
      const request = yield* namingFlags(
        Decode.decodeUnknownEither(Failures.ListRequest)({
          ...(Option.isSome(flags.pipeline) ? { pipeline_id: flags.pipeline.value } : {}),
          ...(Option.isSome(flags.limit) ? { limit: numberOrText(flags.limit.value) } : {})
        })
      )
      const result = yield* withEnvironment(Option.getOrUndefined(flags.state), Failures.list(request))
      if (flags.json) return Output.out(JSON.stringify(result))
      Output.out(
        Output.table(
          ["id", "pipeline", "record", "stage", "recorded at", "message"],
          result.failures.map((f) => [f.id, f.pipeline_id, f.record_id ?? "", f.stage, f.created_at, shortMessage(f.message)])
        )
      )
    })
).pipe(
  Command.withDescription(
    "List failed records kept in the state store, newest first (messages; payloads with --json).\n" +
      "Example: hrtech-etl failures list --pipeline 'warehouse_a->warehouse_b:job:0123456789abcdef' --state state.db"
  )
)

const { having: _having, progress: _progress, ...runFlags } = common

const retryCommand = Command.make(
  "retry",
  { ...runFlags, pipeline: Options.optional(pipeline), limit: limit(Failures.maxLimit, "how many of the newest failures to replay") },
  (flags) =>
    Effect.gen(function* () {
      const base = yield* baseRequest({ ...flags, having: Option.none(), progress: false }, "push")
      const request = base.request
      if (Option.isSome(flags.pipeline)) request.pipeline_id = flags.pipeline.value
      if (Option.isSome(flags.limit)) request.limit = numberOrText(flags.limit.value)
      yield* requireKeys(request, [
        ["pipeline_id", "--pipeline"],
        ["resource", "--resource"],
        ["origin", "--origin"],
        ["target", "--target"]
      ])
      const decoded = yield* namingFlags(Failures.decodeRetry(request))
      const result = yield* namingFlags(withEnvironment(base.state, Failures.retry(decoded)))
      if (base.json) Output.out(JSON.stringify(result))
      else {
        Output.out(
          Output.keyValues([
            ["pipeline", result.pipeline_id],
            ["retried", result.retried],
            ["resolved", result.resolved],
            ["still failing", result.still_failing],
            ["not replayable", result.not_replayable],
            ["pushed", result.push.total_resources_pushed],
            ["dry run", result.push.dry_run],
            ["duration ms", result.push.duration_ms]
          ])
        )
        printIssues(result.push)
      }
      if (result.still_failing > 0) return yield* Effect.fail(new Finished(1))
    })
).pipe(
  Command.withDescription(
    "Replay a pipeline's failed records: re-read each from the origin by id, write it to the target, and remove\n" +
      "the failures of the records that went through (those failing again keep one row). Exit 1 while some still fail.\n" +
      "Example: hrtech-etl failures retry --pipeline 'warehouse_a->warehouse_b:job:0123456789abcdef' --resource job " +
      "--origin warehouse_a --target warehouse_b --state state.db"
  )
)

/** `hrtech-etl failures list|retry`. */
export const failuresCommand = Command.make("failures").pipe(
  Command.withDescription("List and replay failed records kept in the state store."),
  Command.withSubcommands([listCommand, retryCommand])
)
