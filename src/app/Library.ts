/**
 * The package's `runPull` / `runPush` as Promises, in both of the forms users arrive with:
 * - connector values and camelCase options (`Pipeline.runPull`), for programs that build connectors;
 * - one snake_case config object naming connectors and storage URIs, as the original project's
 *   `run_resource_pull_from_config` took it: the same keys as `--config` files and the HTTP bodies,
 *   decoded and run through the same path (`Requests`, `Runs`) as the CLI and the server.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Pipeline from "../core/Pipeline.js"
import type { PushResult } from "../core/Push.js"
import * as Registry from "../core/Registry.js"
import type * as State from "../core/State.js"
import * as Requests from "./Requests.js"
import * as Runs from "./Runs.js"

/** Options of a run from a config object. */
export interface ConfigRunOptions {
  /** The connectors to resolve names and URIs with (default: the built-in registry). */
  readonly registry?: Registry.RegistryService
  /** Called after each written batch of a pull. */
  readonly onProgress?: (progress: Pipeline.PullProgress) => void
}

/** What a pull from a config object returns: the cursor to resume from, the counters, the pipeline id. */
export type ConfigPullResult = Pipeline.PullResult & { readonly pipeline_id: string; readonly resumed: boolean }

const isConfig = (input: object): boolean => typeof (input as { readonly origin?: unknown }).origin === "string"

/** Runs an Effect needing the registry and a state store: `state` when given, else a store in memory. */
const runWith = async <A>(
  effect: Effect.Effect<A, unknown, Registry.Registry | State.StateStore | Scope.Scope>,
  state: string | undefined,
  options: ConfigRunOptions
): Promise<A> => {
  // Loaded on demand: the connectors and SQL drivers stay out of programs that never run a config.
  // This is the package's programmatic entry point: like the CLI and the server, it may default to the built-ins.
  const registry = options.registry ? Layer.succeed(Registry.Registry, options.registry) : (await import("../connectors/builtin.js")).layer
  const Store = await import("../store/index.js")
  const store = Store.layerFromUri(state === undefined ? "sqlite::memory:" : Store.toUri(state))
  const exit = await Effect.runPromiseExit(effect.pipe(Effect.scoped, Effect.provide(Layer.merge(registry, store))))
  if (Exit.isSuccess(exit)) return exit.value
  // Reject with the typed error itself (`InvalidInput` with its `field`, `PipelineFailed`, ...).
  throw Option.getOrElse(Cause.failureOption(exit.cause), () => Cause.squash(exit.cause))
}

const decoded = <A, E>(either: Either.Either<A, E>): Effect.Effect<A, E> => (Either.isRight(either) ? Effect.succeed(either.right) : Effect.fail(either.left))

/**
 * A pull from one snake_case config object (`{ resource, origin, target, cursor | cursor_mode,
 * origin_auth, where, having, mapping | formatter_id, batch_size, dry_run, state, ... }`); with
 * `state` the cursor is resumed from and saved to that store, as `--state` does.
 */
export const runPullConfig = (config: Requests.PullConfig, options: ConfigRunOptions = {}): Promise<ConfigPullResult> => {
  const { control, request } = Requests.splitConfig("pull", config)
  const persist = control.state !== undefined
  if (persist && request.resume === undefined) request.resume = true
  const onProgress = options.onProgress
  return runWith(
    Effect.flatMap(decoded(Requests.decodePull(request)), (pull) =>
      Runs.pull(pull, {
        persistCursor: persist,
        ...(onProgress ? { onProgress: (p: Pipeline.PullProgress) => Effect.sync(() => onProgress(p)) } : {})
      })
    ),
    control.state,
    options
  )
}

/** A push from one snake_case config object (`{ resource, origin, target, mode, resources | events, ... }`). */
export const runPushConfig = (config: Requests.PushConfig, options: ConfigRunOptions = {}): Promise<PushResult> => {
  const { control, request } = Requests.splitConfig("push", config)
  return runWith(Effect.flatMap(decoded(Requests.decodePush(request)), Runs.push), control.state, options)
}

/**
 * Runs a pull to completion. Given connector values (`{ resource, origin: connector, target:
 * connector, cursor, ... }`) it is `Pipeline.runPull`; given a config object whose `origin` and
 * `target` are connector names or storage URIs it is `runPullConfig`.
 */
export function runPull(options: Pipeline.PullOptions): Promise<Pipeline.PullResult>
export function runPull(config: Requests.PullConfig, options?: ConfigRunOptions): Promise<ConfigPullResult>
export function runPull(input: Pipeline.PullOptions | Requests.PullConfig, options?: ConfigRunOptions): Promise<Pipeline.PullResult | ConfigPullResult> {
  return isConfig(input) ? runPullConfig(input as Requests.PullConfig, options) : Pipeline.runPull(input as Pipeline.PullOptions)
}

/**
 * Runs a push. Given connector values it is `Pipeline.runPush`; given a config object naming
 * connectors or storage URIs it is `runPushConfig`.
 */
export function runPush(options: Pipeline.PushOptions): Promise<PushResult>
export function runPush(config: Requests.PushConfig, options?: ConfigRunOptions): Promise<PushResult>
export function runPush(input: Pipeline.PushOptions | Requests.PushConfig, options?: ConfigRunOptions): Promise<PushResult> {
  return isConfig(input) ? runPushConfig(input as Requests.PushConfig, options) : Pipeline.runPush(input as Pipeline.PushOptions)
}
