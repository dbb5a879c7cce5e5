/**
 * `/api/failures`: failed records kept in the state store, and their replay (`app/Failures`, the same
 * functions and schemas as `hrtech-etl failures`). The handlers live in `Handlers.ts`, beside the run
 * routes whose request checks a retry shares; `Api.ts` adds this group with the API's error responses.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Schema from "effect/Schema"
import * as Failures from "../app/Failures.js"

/** Unknown keys are rejected (a typo must not be silently ignored). */
const strict = { parseOptions: { onExcessProperty: "error", errors: "all" } } as const

/** `POST /api/failures/retry` body. */
export const RetryBody = Failures.RetryRequest.annotations({ ...strict, identifier: "FailuresRetryRequest" })

/** `GET /api/failures` query: read as text and decoded by `Failures.ListRequest`, as the CLI's flags are. */
export const ListParams = Schema.Struct({
  pipeline_id: Schema.optional(Schema.String),
  limit: Schema.optional(Schema.String.annotations({ description: `1 to ${Failures.maxLimit} (default 100)` }))
})

/** Failed records: listed, and replayed from the origin into the target (error responses: see `Api.ts`). */
export class FailuresGroup extends HttpApiGroup.make("failures")
  .add(
    HttpApiEndpoint.get("list", "/api/failures")
      .setUrlParams(ListParams)
      .addSuccess(Failures.ListResult)
      .annotate(OpenApi.Summary, "Failed records kept in the state store, newest first (of one pipeline with ?pipeline_id=)")
  )
  .add(
    HttpApiEndpoint.post("retry", "/api/failures/retry")
      .setPayload(RetryBody)
      .addSuccess(Failures.RetryResult)
      .annotate(
        OpenApi.Summary,
        "Replay a pipeline's failed records: re-read each from the origin by id, write it to the target, remove the failures of those that went through"
      )
  ) {}
