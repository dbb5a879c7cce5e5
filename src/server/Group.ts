/**
 * How a group of routes is declared and served. Every group answers the API's error responses; its
 * handlers are built against the group itself, so a group's file holds its routes and their handlers
 * while `Api.ts` composes the groups into the one HttpApi (no group imports `Api.ts`).
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import type { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import type * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import type * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import type * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Errors from "./Errors.js"

/** The id of the API; a group's handlers are registered under it. */
export const apiId = "hrtech-etl"

/** Adds every error response (each with its status) to a group. */
export const withErrors = <Id extends string, Endpoints extends HttpApiEndpoint.HttpApiEndpoint.Any, E, R, TopLevel extends boolean>(
  group: HttpApiGroup.HttpApiGroup<Id, Endpoints, E, R, TopLevel>
) =>
  group
    .addError(Errors.Wire.BadRequest)
    .addError(Errors.Wire.Unauthorized)
    .addError(Errors.Wire.NotFound)
    .addError(Errors.Wire.PayloadTooLarge)
    .addError(Errors.Wire.Unprocessable)
    .addError(Errors.Wire.BadGateway)
    .addError(Errors.Wire.Unavailable)
    .addError(Errors.Wire.InternalError)

/**
 * The handlers of a group, as `HttpApiBuilder.group` builds them. Only the group's own endpoints are
 * needed to build them; the full API (`Api.ts`) checks at compile time that every group is served.
 */
export const handlers = <const Name extends string, Endpoints extends HttpApiEndpoint.HttpApiEndpoint.Any, E, R, Return>(
  group: HttpApiGroup.HttpApiGroup<Name, Endpoints, E, R, false>,
  build: (handlers: HttpApiBuilder.Handlers<HttpApiDecodeError | E, never, never, Endpoints>) => HttpApiBuilder.Handlers.ValidateReturn<Return>
): Layer.Layer<
  HttpApiGroup.ApiGroup<typeof apiId, Name>,
  HttpApiBuilder.Handlers.Error<Return>,
  Exclude<HttpApiBuilder.Handlers.Context<Return>, Scope.Scope>
> => HttpApiBuilder.group(HttpApi.make(apiId).add(group), group.identifier as never, build as never) as never
