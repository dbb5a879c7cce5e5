/**
 * Change-event vocabulary shared by every connector's webhook parser and the push pipeline.
 */
import * as Schema from "effect/Schema"

/** What happened to a resource. */
export const EventType = Schema.Literal("created", "updated", "deleted", "archived", "upserted").annotations({ identifier: "EventType" })
/** @see EventType */
export type EventType = typeof EventType.Type

/** Event types that remove a resource from the target rather than writing it. */
export const isRemoval = (type: EventType): boolean => type === "deleted" || type === "archived"
