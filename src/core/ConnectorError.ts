/**
 * Typed errors a connector raises. Messages name the connector and the cause, never a secret.
 */
import * as Schema from "effect/Schema"

/** Credentials missing, rejected or expired. */
export class AuthError extends Schema.TaggedError<AuthError>("hrtech-etl/AuthError")("AuthError", {
  connector: Schema.String,
  status: Schema.optional(Schema.Number),
  reason: Schema.String
}) {
  readonly code = "auth_error"
  readonly category = "upstream" as const
  override get message(): string {
    return `${this.connector}: authentication failed${this.status ? ` (HTTP ${this.status})` : ""}: ${this.reason}`
  }
}

/** The vendor kept answering 429 past the retry budget. */
export class RateLimited extends Schema.TaggedError<RateLimited>("hrtech-etl/RateLimited")("RateLimited", {
  connector: Schema.String,
  retryAfterMs: Schema.optional(Schema.Number),
  reason: Schema.String
}) {
  readonly code = "rate_limited"
  readonly category = "unavailable" as const
  override get message(): string {
    return `${this.connector}: rate limited: ${this.reason}`
  }
}

/** Network failure, timeout, or a 5xx past the retry budget. */
export class TransportError extends Schema.TaggedError<TransportError>("hrtech-etl/TransportError")("TransportError", {
  connector: Schema.String,
  status: Schema.optional(Schema.Number),
  reason: Schema.String
}) {
  readonly code = "transport_error"
  readonly category = "upstream" as const
  override get message(): string {
    return `${this.connector}: ${this.status ? `HTTP ${this.status}: ` : ""}${this.reason}`
  }
}

/** A record (or response) that does not match the connector's native schema. */
export class DecodeError extends Schema.TaggedError<DecodeError>("hrtech-etl/DecodeError")("DecodeError", {
  connector: Schema.String,
  field: Schema.optional(Schema.String),
  recordId: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  readonly code = "decode_error"
  readonly category = "upstream" as const
  override get message(): string {
    const where = [this.recordId ? `record ${this.recordId}` : undefined, this.field ? `field ${this.field}` : undefined].filter(Boolean).join(", ")
    return `${this.connector}: invalid record${where ? ` (${where})` : ""}: ${this.reason}`
  }
}

/**
 * Something that does not exist: by default on the vendor's side (a record, a board: the system
 * failed the run, `upstream`); with `local`, on this side (an unknown connector name, a missing
 * file: the caller named it, `not_found`).
 */
export class NotFound extends Schema.TaggedError<NotFound>("hrtech-etl/NotFound")("NotFound", {
  connector: Schema.String,
  what: Schema.String,
  local: Schema.optionalWith(Schema.Boolean, { default: () => false })
}) {
  readonly code = "not_found"
  get category(): "not_found" | "upstream" {
    return this.local ? "not_found" : "upstream"
  }
  override get message(): string {
    return `${this.connector}: not found: ${this.what}`
  }
}

/** An operation the connector cannot perform (no write path, a prefilter it cannot push down, ...). */
export class Unsupported extends Schema.TaggedError<Unsupported>("hrtech-etl/Unsupported")("Unsupported", {
  connector: Schema.String,
  operation: Schema.String,
  field: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  readonly code = "unsupported"
  readonly category = "unsupported" as const
  override get message(): string {
    return `${this.connector}: ${this.operation} not supported${this.field ? ` for ${this.field}` : ""}: ${this.reason}`
  }
}

/** The vendor rejected a request with a non-retryable 4xx (validation and the like). */
export class RequestRejected extends Schema.TaggedError<RequestRejected>("hrtech-etl/RequestRejected")("RequestRejected", {
  connector: Schema.String,
  status: Schema.Number,
  field: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  readonly code = "request_rejected"
  readonly category = "upstream" as const
  override get message(): string {
    return `${this.connector}: HTTP ${this.status}${this.field ? ` (${this.field})` : ""}: ${this.reason}`
  }
}

/** A connector's configuration or auth payload is missing a key or has a bad value. */
export class ConfigError extends Schema.TaggedError<ConfigError>("hrtech-etl/ConfigError")("ConfigError", {
  connector: Schema.String,
  field: Schema.optional(Schema.String),
  reason: Schema.String
}) {
  readonly code = "config_error"
  readonly category = "input" as const
  override get message(): string {
    return `${this.connector}: ${this.field ? `${this.field}: ` : ""}${this.reason}`
  }
}

/**
 * A webhook delivery refused: by default its signature is missing or wrong (`unauthorized`); with
 * `kind: "payload"`, it is signed but malformed (`input`: the sender's bug).
 */
export class WebhookError extends Schema.TaggedError<WebhookError>("hrtech-etl/WebhookError")("WebhookError", {
  connector: Schema.String,
  reason: Schema.String,
  /** `stale`: validly signed, but the vendor's signed timestamp is outside the tolerance (a replay or a forged time). */
  kind: Schema.optionalWith(Schema.Literal("signature", "payload", "stale"), { default: () => "signature" })
}) {
  readonly code = "webhook_error"
  get category(): "input" | "unauthorized" {
    return this.kind === "payload" ? "input" : "unauthorized"
  }
  override get message(): string {
    return `${this.connector}: webhook rejected: ${this.reason}`
  }
}

/** Any error a connector operation may raise. */
export type ConnectorError = AuthError | RateLimited | TransportError | DecodeError | NotFound | Unsupported | RequestRejected | ConfigError
