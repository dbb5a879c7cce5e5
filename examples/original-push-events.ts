/**
 * The original's "Push: Events → Resources" (2.3): raw webhook deliveries become unified events
 * through the origin's `parseEvent` (the original's `parse_resource_event`), then a push in events
 * mode fetches each record from the origin (`fetchByEvents`), applies HAVING, formats and writes it.
 * Deletions and archivals take the target's archive path; they are never upserted.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Option } from "effect"
import { type Connector, Pipeline, type Unified } from "hrtech-etl"
import * as aToB from "hrtech-etl/formatters/a_to_b"
import { fileURLToPath } from "node:url"
import { connectors } from "./original-connectors.js"

/** Pushes the records the raw deliveries refer to. */
export const program = (rawEvents: ReadonlyArray<Connector.WebhookDelivery>) =>
  Effect.gen(function* () {
    const { origin, target } = yield* connectors
    const events: Array<Unified.UnifiedEvent> = []
    for (const raw of rawEvents) {
      const event = yield* origin.parseEvent!("job", raw)
      if (Option.isSome(event)) events.push(event.value)
    }
    const result = yield* Pipeline.push({
      resource: "job",
      origin,
      target,
      mode: "events",
      events,
      formatter: aToB.formatJob,
      batchSize: 1000,
      dryRun: false
    })
    yield* Effect.log(`total events: ${result.total_events}`)
    yield* Effect.log(`resources fetched: ${result.total_resources_fetched}`)
    yield* Effect.log(`pushed: ${result.total_resources_pushed}`)
    return result
  })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const delivery = { body: JSON.stringify({ event: "job.updated", job: { job_id: "job-1" } }), headers: {} }
  NodeRuntime.runMain(Effect.scoped(program([delivery])))
}
