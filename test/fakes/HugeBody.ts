/**
 * A fake-server handler that streams a body of the given size (a long JSON number, "000…") without
 * holding it, recording how much it got to send and the test process's peak RSS while sending.
 */
import type * as FakeServer from "../../src/testing/FakeServer.js"

/** One mebibyte. */
export const MiB = 1024 * 1024

/** The handler and what it observed. */
export interface HugeBody {
  readonly handler: FakeServer.Handler
  /** Bytes written so far. */
  readonly sent: () => number
  /** Largest RSS seen while writing. */
  readonly peakRss: () => number
}

/** A handler answering 200 with `size` bytes, written 1 MiB at a time as the client reads them. */
export const make = (size: number): HugeBody => {
  let sent = 0
  let peakRss = 0
  const chunk = Buffer.alloc(MiB, 0x30)
  return {
    handler: (_, { res }) => {
      res.writeHead(200, { "content-type": "application/json" })
      const pump = () => {
        while (sent < size && !res.destroyed) {
          sent += chunk.length
          peakRss = Math.max(peakRss, process.memoryUsage().rss)
          if (!res.write(chunk)) return void res.once("drain", pump)
        }
        res.end()
      }
      pump()
      return undefined
    },
    sent: () => sent,
    peakRss: () => peakRss
  }
}
