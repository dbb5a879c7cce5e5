/**
 * The settings the route handlers need from the server (data directory, keep-alive interval).
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"

/** Settings the handlers need from the server. */
export interface SettingsService {
  /** Directory that `file:` and `sqlite:` URIs in requests are confined to (absolute). */
  readonly dataDir: string
  /** Interval of SSE keep-alive comments. */
  readonly heartbeat?: Duration.DurationInput
}

/** The handler settings tag. */
export class Settings extends Context.Tag("hrtech-etl/server/Settings")<Settings, SettingsService>() {}
