/**
 * A worker process (`hrtech-etl worker`): joins the cluster of workers that share one PostgreSQL
 * state database, takes its share of the lanes (the cluster balances shards over live workers and
 * moves a dead worker's shards to the others), and may host the scheduler singleton.
 *
 * On PostgreSQL, workers talk to each other over HTTP (`host:port`, advertised in the database),
 * authenticated by a token derived from `HRTECH_ETL_CLUSTER_SECRET` (without it a worker binds
 * loopback only; see `ClusterAuth`), and keep the cluster's messages, replies, runners and shard
 * locks in `hrtech_cluster_*` tables. With a
 * SQLite state file, the worker runs alone: the same engine on one node, its messages in the file.
 * One cluster per database: the cluster's shard locks are database-wide.
 */
import * as ClusterWorkflowEngine from "@effect/cluster/ClusterWorkflowEngine"
import * as HttpRunner from "@effect/cluster/HttpRunner"
import * as RunnerAddress from "@effect/cluster/RunnerAddress"
import * as RunnerHealth from "@effect/cluster/RunnerHealth"
import * as Runners from "@effect/cluster/Runners"
import * as RunnerStorage from "@effect/cluster/RunnerStorage"
import * as Sharding from "@effect/cluster/Sharding"
import * as ShardingConfig from "@effect/cluster/ShardingConfig"
import * as SqlMessageStorage from "@effect/cluster/SqlMessageStorage"
import * as SqlRunnerStorage from "@effect/cluster/SqlRunnerStorage"
import * as Reactivity from "@effect/experimental/Reactivity"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as HttpLayerRouter from "@effect/platform/HttpLayerRouter"
import * as RpcSerialization from "@effect/rpc/RpcSerialization"
import * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import { createServer } from "node:http"
import { hostname } from "node:os"
import type * as Registry from "../core/Registry.js"
import * as State from "../core/State.js"
import * as Client from "../sql/Client.js"
import * as SqlStateStore from "../store/SqlStateStore.js"
import * as ClusterAuth from "./ClusterAuth.js"
import * as Engine from "./Engine.js"
import * as Guard from "./Guard.js"
import * as Ports from "./Ports.js"
import * as SqlSyncStore from "./SqlSyncStore.js"

/** Options of a worker. */
export interface Options {
  /** The state database: `postgres://…` for a cluster, `sqlite:path.db` for one local worker. */
  readonly stateUri: string
  /** Address other workers reach this one at (default 127.0.0.1). */
  readonly host?: string | undefined
  /** Port of the worker-to-worker protocol (default 34431). */
  readonly port?: number | undefined
  /** Address to bind (default `host`; e.g. 0.0.0.0 behind NAT). Beyond loopback it needs `clusterSecret`. */
  readonly listenHost?: string | undefined
  /** The secret shared by every worker of the cluster (`HRTECH_ETL_CLUSTER_SECRET`): requests without its token get 401. */
  readonly clusterSecret?: Redacted.Redacted<string> | undefined
  /** Name recorded on the attempts this worker runs (default `hostname:pid`). */
  readonly name?: string | undefined
  /** Scheduler tick (default 1 s). */
  readonly tick?: Duration.DurationInput | undefined
  /** State database connections of this worker for state and the cluster (default 20). */
  readonly poolSize?: number | undefined
  /**
   * Most syncs this worker holds the guard of at once (default 100): each running sync holds one more
   * connection, from a pool of its own so that waiting runs never starve state writes.
   */
  readonly guardPoolSize?: number | undefined
  /** Cluster settings (advanced; shard count must match across workers). */
  readonly sharding?: Partial<ShardingConfig.ShardingConfig["Type"]> | undefined
}

/** The default worker-to-worker port. */
export const defaultPort = Ports.defaultPort

/** Prefix of the cluster's own tables. */
export const clusterTablePrefix = "hrtech_cluster"

/** Cluster settings used unless overridden. */
export const defaultSharding: Partial<ShardingConfig.ShardingConfig["Type"]> = {
  shardsPerGroup: 300,
  // Look for messages left by a dead worker often: it bounds how late an orphaned run resumes.
  entityMessagePollInterval: "2 seconds",
  entityReplyPollInterval: "200 millis",
  refreshAssignmentsInterval: "2 seconds",
  // A killed worker's shards move once the others see it dead: by a failed ping (checked every 5 s)
  // or by its heartbeat getting older than the lock expiration. Its shard locks are PostgreSQL
  // advisory locks, freed when its connection drops, so a short expiration cannot let two workers
  // own a shard at once.
  runnerHealthCheckInterval: "5 seconds",
  shardLockRefreshInterval: "3 seconds",
  shardLockExpiration: "12 seconds",
  entityTerminationTimeout: "10 seconds"
}

/** Opens the state database with a pool sized for a worker (connections beyond the first open on demand). */
const openState = (uri: string, poolSize: number) =>
  Effect.gen(function* () {
    const location = yield* Client.parseUri(uri, "state")
    if (location.dialect === "sqlite") return yield* Client.open(location, "state")
    return yield* PgClient.make({ url: location.url, maxConnections: poolSize, connectTimeout: "10 seconds", idleTimeout: "30 seconds" }).pipe(
      Effect.provide(Reactivity.layer)
    )
  }).pipe(Effect.mapError((e) => new State.StateError({ operation: "open", reason: "reason" in e ? e.reason : e.message })))

/** The path of the cluster's messages on a worker's port. */
const clusterPath = "/cluster"

/**
 * The cluster of a PostgreSQL state database: HTTP runners whose requests carry the token of the
 * cluster secret (checked by every worker before the cluster sees them), SQL message and runner storage.
 */
const httpCluster = (
  config: Layer.Layer<ShardingConfig.ShardingConfig>,
  listen: { readonly host: string; readonly port: number },
  token: Redacted.Redacted<string> | undefined
) => {
  const serialization = RpcSerialization.layerMsgPack
  const client = ClusterAuth.withToken(token)(NodeHttpClient.layerUndici)
  const clientProtocol = HttpRunner.layerClientProtocolHttp({ path: clusterPath }).pipe(Layer.provide([serialization, client]))
  const health = RunnerHealth.layerPing.pipe(Layer.provide(Runners.layerRpc), Layer.provide(clientProtocol))
  const server = NodeHttpServer.layer(createServer, { host: listen.host, port: listen.port })
  return HttpLayerRouter.serve(HttpRunner.layerHttpOptions({ path: clusterPath }), {
    disableLogger: true,
    disableListenLog: true,
    middleware: ClusterAuth.requireToken(token)
  }).pipe(
    Layer.provide([server, clientProtocol, serialization, health]),
    Layer.provideMerge(SqlMessageStorage.layerWith({ prefix: clusterTablePrefix })),
    Layer.provide(Layer.orDie(SqlRunnerStorage.layerWith({ prefix: clusterTablePrefix }))),
    Layer.provide(config)
  )
}

/** The cluster of one local worker on SQLite: every shard here, messages in the state file. */
const singleCluster = (config: Layer.Layer<ShardingConfig.ShardingConfig>) =>
  Sharding.layer.pipe(
    Layer.provideMerge(Runners.layerNoop),
    Layer.provideMerge(SqlMessageStorage.layerWith({ prefix: clusterTablePrefix })),
    Layer.provide([RunnerStorage.layerMemory, RunnerHealth.layerNoop]),
    Layer.provide(config)
  )

/** The name a worker records when none is given. */
export const defaultName = (): string => `${hostname()}:${process.pid}`

/**
 * A worker as a layer: building it joins the cluster; closing its scope leaves it (shards move on).
 * The connector registry comes from the entry point (`hrtech-etl worker` provides the built-ins).
 */
export const layer = (options: Options): Layer.Layer<never, State.StateError | ClusterAuth.WorkerConfigError | ServeError, Registry.Registry> =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      const location = yield* Client.parseUri(options.stateUri, "state").pipe(
        Effect.mapError((e) => new State.StateError({ operation: "open", reason: e.reason }))
      )
      const pg = location.dialect === "pg"
      const host = options.host ?? "127.0.0.1"
      const port = options.port ?? defaultPort
      const listenHost = options.listenHost ?? host
      if (pg) yield* ClusterAuth.check(options.clusterSecret, listenHost)
      const sql = Layer.scoped(SqlClient.SqlClient, openState(options.stateUri, options.poolSize ?? 20))
      const guard = pg
        ? Guard.layerPg.pipe(Layer.provide(Layer.scoped(SqlClient.SqlClient, openState(options.stateUri, options.guardPoolSize ?? 100))))
        : Guard.layerLocal
      const services = Layer.mergeAll(SqlStateStore.layer(), SqlSyncStore.layer(), Layer.succeed(Engine.WorkerName, options.name ?? defaultName())).pipe(
        Layer.provideMerge(sql),
        Layer.merge(guard)
      )
      const config = ShardingConfig.layer({
        ...defaultSharding,
        runnerAddress: Option.some(RunnerAddress.make(host, port)),
        runnerListenAddress: options.listenHost === undefined ? Option.none() : Option.some(RunnerAddress.make(options.listenHost, port)),
        ...options.sharding
      })
      const token = options.clusterSecret === undefined ? undefined : ClusterAuth.tokenOf(options.clusterSecret)
      const cluster = (pg ? httpCluster(config, { host: listenHost, port }, token) : singleCluster(config)).pipe(Layer.provide(services))
      const engine = ClusterWorkflowEngine.layer.pipe(Layer.provideMerge(cluster))
      return Engine.layer({ ...(options.tick !== undefined ? { tick: options.tick } : {}) }).pipe(Layer.provide(engine), Layer.provide(services))
    })
  )

/** Runs a worker until interrupted. */
export const run = (options: Options) => Layer.launch(layer(options))
