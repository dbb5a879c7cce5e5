import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Batching from "../../src/core/Batching.js"

/** A stream emitting the given chunk sizes of consecutive integers. */
const chunked = (sizes: ReadonlyArray<number>) => {
  let next = 0
  return Stream.fromIterable(sizes).pipe(Stream.mapConcatChunk((n) => Chunk.unsafeFromArray(Array.from({ length: n }, () => next++))))
}

const collect = <A, E>(stream: Stream.Stream<Chunk.Chunk<A>, E>) =>
  Effect.map(Stream.runCollect(stream), (batches) => Chunk.toReadonlyArray(batches).map((b) => Chunk.toReadonlyArray(b)))

describe("Batching.within", () => {
  it.effect.prop(
    "batches of exactly `size` (the last one may be smaller), every item once and in order",
    [FastCheck.array(FastCheck.integer({ min: 0, max: 40 }), { maxLength: 30 }), FastCheck.integer({ min: 1, max: 25 })],
    ([sizes, size]) =>
      Effect.gen(function* () {
        const batches = yield* collect(Batching.within(chunked(sizes), size, "1 minute"))
        const total = sizes.reduce((a, b) => a + b, 0)
        expect(batches.flat()).toEqual(Array.from({ length: total }, (_, i) => i))
        for (const b of batches.slice(0, -1)) expect(b.length).toBe(size)
        if (batches.length > 0) expect(batches.at(-1)!.length).toBeGreaterThan(0)
      })
  )

  it.effect.prop(
    "with `counts`, a batch holds `size` counted items (or `maxItems` in all), items stay in order and none is lost",
    [
      FastCheck.array(FastCheck.integer({ min: 0, max: 40 }), { maxLength: 30 }),
      FastCheck.integer({ min: 1, max: 12 }),
      FastCheck.integer({ min: 1, max: 5 }),
      FastCheck.integer({ min: 1, max: 4 })
    ],
    ([sizes, size, every, spread]) =>
      Effect.gen(function* () {
        const counts = (i: number) => i % every === 0
        const maxItems = size * spread
        const batches = yield* collect(Batching.within(chunked(sizes), size, "1 minute", { counts, maxItems }))
        const total = sizes.reduce((a, b) => a + b, 0)
        expect(batches.flat()).toEqual(Array.from({ length: total }, (_, i) => i))
        for (const [i, b] of batches.entries()) {
          const n = b.filter(counts).length
          expect(n).toBeLessThanOrEqual(size)
          expect(b.length).toBeLessThanOrEqual(maxItems)
          // Every batch but the last was cut at its size or at maxItems, right after its last counted item.
          if (i < batches.length - 1) expect(n === size ? counts(b.at(-1)!) : b.length === maxItems).toBe(true)
        }
      })
  )

  it.live("emits what waits when the window passes before the batch fills, and loses nothing after", () =>
    Effect.gen(function* () {
      // One item every 40 ms; batches of 100 would take 4 s to fill.
      const slow = Stream.unfoldEffect(0, (n) =>
        n < 10 ? Effect.as(Effect.sleep("40 millis"), Option.some([n, n + 1] as const)) : Effect.succeed(Option.none())
      )
      const started = Date.now()
      const stamped = yield* Batching.within(slow, 100, "150 millis").pipe(
        Stream.map((b) => ({ items: Chunk.toReadonlyArray(b), at: Date.now() - started })),
        Stream.runCollect
      )
      const batches = Chunk.toReadonlyArray(stamped)
      expect(batches.flatMap((b) => b.items)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect(batches.length).toBeGreaterThan(1)
      // The first batch left well before the stream ended (10 × 40 ms).
      expect(batches[0]!.at).toBeLessThan(350)
      for (const b of batches) expect(b.items.length).toBeGreaterThan(0)
    })
  )

  it.effect("an upstream failure comes after the items received before it", () =>
    Effect.gen(function* () {
      const failing = Stream.concat(chunked([3, 2]), Stream.fail("boom" as const))
      const seen: Array<ReadonlyArray<number>> = []
      const result = yield* Batching.within(failing, 10, "1 minute").pipe(
        Stream.runForEach((b) => Effect.sync(() => seen.push(Chunk.toReadonlyArray(b)))),
        Effect.either
      )
      expect(seen).toEqual([[0, 1, 2, 3, 4]])
      expect(result).toEqual(Either.left("boom"))
    })
  )

  it.effect("an empty stream gives no batch", () =>
    Effect.gen(function* () {
      expect(yield* collect(Batching.within(Stream.empty, 10, "1 second"))).toEqual([])
    })
  )
})
