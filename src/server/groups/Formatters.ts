/**
 * `/api/formatters`: mappings validated against both schemas and saved, then used by id.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Runs from "../../app/Runs.js"
import * as State from "../../core/State.js"
import * as Errors from "../Errors.js"
import * as Group from "../Group.js"
import * as Limits from "../Limits.js"
import * as Prepare from "../Prepare.js"
import { Settings } from "../Settings.js"
import * as Wire from "../Wire.js"

/** Saved mapping formatters. */
export class FormattersGroup extends Group.withErrors(
  HttpApiGroup.make("formatters")
    .add(
      HttpApiEndpoint.post("build", "/api/formatters/build")
        .setPayload(Wire.FormatterBuildBody)
        .addSuccess(State.FormatterRecord)
        .annotate(OpenApi.Summary, "Validate a mapping against both schemas and save it; answers its formatter_id")
    )
    .add(
      HttpApiEndpoint.get("get", "/api/formatters/:id").setPath(Wire.IdPath).addSuccess(State.FormatterRecord).annotate(OpenApi.Summary, "A saved formatter")
    )
) {}

/** The handlers (need the registry, the state store and the handler settings). */
export const layer = Group.handlers(FormattersGroup, (handlers) =>
  handlers
    .handle("build", ({ payload }) =>
      Effect.gen(function* () {
        const { dataDir } = yield* Settings
        yield* Prepare.confine(payload.origin, "origin", dataDir)
        yield* Prepare.confine(payload.target, "target", dataDir)
        yield* Either.mapLeft(Limits.checkMapping(payload.mapping), (e) => Prepare.badRequest(e))
        yield* Prepare.schemasOf(payload.origin, "origin")
        yield* Prepare.schemasOf(payload.target, "target")
        return yield* Runs.buildFormatter(payload).pipe(Effect.mapError((e) => Errors.fromDomain(e)))
      })
    )
    .handle("get", ({ path }) => Runs.getFormatter(path.id).pipe(Effect.mapError((e) => Errors.fromDomain(e))))
)
