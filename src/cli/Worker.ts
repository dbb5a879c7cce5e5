/**
 * `hrtech-etl worker`: a runner process of the sync cluster, until SIGINT/SIGTERM (its runs then
 * move to the other workers and resume from their checkpoints).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as AppEnvironment from "../app/Environment.js"
import type * as Builtin from "../connectors/builtin.js"
import type * as ClusterAuth from "../scale/ClusterAuth.js"
import * as Ports from "../scale/Ports.js"
import type * as Worker from "../scale/Worker.js"
import { CliUsage } from "./Errors.js"
import * as Output from "./Output.js"
import { stopSignal } from "./StopSignal.js"

/** The worker command. */
export const workerCommand = Command.make(
  "worker",
  {
    state: Options.text("state").pipe(
      Options.optional,
      Options.withDescription("state database shared by all workers: a postgres:// URL (or a SQLite path for one local worker); default $HRTECH_ETL_STATE")
    ),
    host: Options.text("host").pipe(Options.withDefault("127.0.0.1"), Options.withDescription("address the other workers reach this one at")),
    port: Options.integer("port").pipe(Options.withDefault(Ports.defaultPort), Options.withDescription("worker-to-worker port")),
    listenHost: Options.text("listen-host").pipe(Options.optional, Options.withDescription("address to bind (default --host)")),
    name: Options.text("name").pipe(Options.optional, Options.withDescription("name recorded on the runs of this worker (default hostname:pid)")),
    tickMs: Options.integer("tick-ms").pipe(Options.withDefault(1000), Options.withDescription("how often the scheduler looks for due syncs")),
    poolSize: Options.integer("pool-size").pipe(
      Options.withDefault(20),
      Options.withDescription("state database connections (one per running sync, plus a few)")
    )
  },
  (flags) =>
    Effect.gen(function* () {
      // The cluster loads only when this command runs.
      const [environment, worker, builtin, clusterAuth] = yield* Effect.promise(
        (): Promise<[typeof AppEnvironment, typeof Worker, typeof Builtin, typeof ClusterAuth]> =>
          Promise.all([import("../app/Environment.js"), import("../scale/Worker.js"), import("../connectors/builtin.js"), import("../scale/ClusterAuth.js")])
      )
      const raw = Option.getOrElse(flags.state, () => environment.defaultStateUri())
      const stateUri = /^(sqlite:|postgres(ql)?:\/\/)/.test(raw) ? raw : `sqlite:${raw}`
      if (flags.port < 1 || flags.port > 65535) return yield* Effect.fail(new CliUsage("--port", "expected 1-65535"))
      if (flags.tickMs < 50) return yield* Effect.fail(new CliUsage("--tick-ms", "must be at least 50"))
      const secretText = process.env[clusterAuth.secretEnv]
      const clusterSecret = secretText === undefined || secretText === "" ? undefined : Redacted.make(secretText)
      if (!stateUri.startsWith("sqlite:")) {
        yield* clusterAuth
          .check(
            clusterSecret,
            Option.getOrElse(flags.listenHost, () => flags.host)
          )
          .pipe(Effect.mapError((e) => new CliUsage(e.field === "--listen-host" && Option.isNone(flags.listenHost) ? "--host" : e.field, e.reason)))
      }
      const name = Option.getOrElse(flags.name, worker.defaultName)
      Output.err(
        stateUri.startsWith("sqlite:")
          ? `hrtech-etl worker ${name}: single local worker on ${stateUri}`
          : `hrtech-etl worker ${name}: joining the cluster on ${flags.host}:${flags.port}`
      )
      yield* worker
        .run({
          stateUri,
          host: flags.host,
          port: flags.port,
          listenHost: Option.getOrUndefined(flags.listenHost),
          clusterSecret,
          name,
          tick: Duration.millis(flags.tickMs),
          poolSize: flags.poolSize
        })
        .pipe(Effect.provide(builtin.layer), Effect.raceFirst(stopSignal))
      Output.err(`hrtech-etl worker ${name}: stopped`)
    })
).pipe(
  Command.withDescription(
    "Run a worker: it shares the due syncs with the other workers of the same state database, runs each durably\n" +
      "(checkpoint after each accepted batch), and takes over the runs of workers that die.\n" +
      "Workers authenticate each other with HRTECH_ETL_CLUSTER_SECRET (the same value on every worker; required to\n" +
      "bind beyond loopback).\n" +
      "Example: HRTECH_ETL_CLUSTER_SECRET=… hrtech-etl worker --state postgres://127.0.0.1/hrtech --host 10.0.0.5 --port 34431"
  )
)
