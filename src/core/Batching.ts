/**
 * Batching of a stream into write batches: full batches as soon as enough items arrived, and a
 * partial batch when the window passes while the origin is slow. `Stream.groupedWithin` does the same
 * with a sink, a schedule and fresh fibers per batch (about half a millisecond per batch); this takes
 * a timer only while items wait and the next chunk is late.
 */
import type * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** Options of `within`. */
export interface Options<A> {
  /** Whether an item counts toward `size` (default: every item). */
  readonly counts?: (item: A) => boolean
  /** Most items in one batch, counted or not (default 10 × size), so uncounted items cannot pile up. */
  readonly maxItems?: number
}

/**
 * Groups a stream into batches of `size` counted items (see `Options.counts`); items that wait longer
 * than `window` for their batch to fill are emitted as a smaller batch. An upstream failure is raised
 * after the items already received were emitted, and no item is dropped or repeated.
 */
export const within = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  size: number,
  window: Duration.DurationInput,
  options: Options<A> = {}
): Stream.Stream<Chunk.Chunk<A>, E, R> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const limit = Math.max(1, Math.floor(size))
      const maxItems = Math.max(limit, Math.floor(options.maxItems ?? 10 * limit))
      const counts = options.counts ?? (() => true)
      const windowMs = Duration.toMillis(window)
      const pull = yield* Stream.toPull(self)
      const scope = yield* Effect.scope
      let buffer: Array<A> = []
      // Counted items in the buffer.
      let counted = 0
      // When the oldest waiting item arrived.
      let since = 0
      let pending: Fiber.RuntimeFiber<Chunk.Chunk<A>, Option.Option<E>> | undefined
      let end: Cause.Cause<Option.Option<E>> | undefined

      const ready = () => counted >= limit || buffer.length >= maxItems

      const drain = (all: boolean): Chunk.Chunk<Chunk.Chunk<A>> => {
        const out: Array<Chunk.Chunk<A>> = []
        let from = 0
        let n = 0
        for (let i = 0; i < buffer.length; i++) {
          if (counts(buffer[i]!)) n++
          if (n === limit || i + 1 - from === maxItems) {
            out.push(Chunk.unsafeFromArray(buffer.slice(from, i + 1)))
            from = i + 1
            n = 0
          }
        }
        if (all && from < buffer.length) {
          out.push(Chunk.unsafeFromArray(buffer.slice(from)))
          from = buffer.length
          n = 0
        }
        buffer = from === 0 ? buffer : buffer.slice(from)
        counted = n
        return Chunk.unsafeFromArray(out)
      }

      const receive = (chunk: Chunk.Chunk<A>, now: number) => {
        if (buffer.length === 0) since = now
        for (const item of chunk) {
          buffer.push(item)
          if (counts(item)) counted++
        }
      }

      const next: Effect.Effect<Chunk.Chunk<Chunk.Chunk<A>>, Option.Option<E>, R> = Effect.gen(function* () {
        while (true) {
          if (ready()) return drain(false)
          if (end !== undefined) {
            if (buffer.length > 0) return drain(true)
            return yield* Effect.failCause(end)
          }
          let result: Exit.Exit<Chunk.Chunk<A>, Option.Option<E>>
          if (buffer.length === 0) {
            // Nothing waits: no timer needed.
            result = pending === undefined ? yield* Effect.exit(pull) : yield* Fiber.await(pending)
            pending = undefined
          } else {
            if (pending === undefined) pending = yield* Effect.forkIn(pull, scope)
            const waited = (yield* Clock.currentTimeMillis) - since
            const joined = yield* Fiber.await(pending).pipe(Effect.timeoutOption(Math.max(0, windowMs - waited)))
            // Late: emit what waits; the pull goes on and is joined next time.
            if (Option.isNone(joined)) return drain(true)
            pending = undefined
            result = joined.value
          }
          if (Exit.isSuccess(result)) receive(result.value, yield* Clock.currentTimeMillis)
          else end = result.cause
        }
      })
      return Stream.repeatEffectChunkOption(next)
    })
  )
