/**
 * The end of a long-running command (`serve`, `worker`): SIGINT or SIGTERM, so the command's scope
 * closes cleanly (the server stops listening, the worker leaves the cluster).
 */
import * as Effect from "effect/Effect"

/** Resolves when the process is asked to stop; the signal handlers are removed afterwards. */
export const stopSignal = Effect.async<void>((resume) => {
  const stop = () => resume(Effect.void)
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  return Effect.sync(() => {
    process.off("SIGINT", stop)
    process.off("SIGTERM", stop)
  })
})
