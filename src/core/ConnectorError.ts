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
  override get message(): string {
    return `${this.connector}: rate limited: ${this.reason}`
  }
}

/** Network failure, timeout, or a 5xx past the retry budget. */
export class TransportError extends Schema.TaggedError<TransportError>("hrtech-etl/TransportError")(
  "TransportError",
  {
    connector: Schema.String,
    status: Schema.optional(Schema.Number),
    reason: Schema.String
  }
) {
  readonly code = "transport_error"
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
  override get message(): string {
    const where = [this.recordId ? `record ${this.recordId}` : undefined, this.field ? `field ${this.field}` : undefined]
      .filter(Boolean)
      .join(", ")
    return `${this.connector}: invalid record${where ? ` (${where})` : ""}: ${this.reason}`
  }
}

/** A resource the vendor does not have. */
export class NotFound extends Schema.TaggedError<NotFound>("hrtech-etl/NotFound")("NotFound", {
  connector: Schema.String,
  what: Schema.String
}) {
  readonly code = "not_found"
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
  override get message(): string {
    return `${this.connector}: ${this.operation} not supported${this.field ? ` for ${this.field}` : ""}: ${this.reason}`
  }
}

/** The vendor rejected a request with a non-retryable 4xx (validation and the like). */
export class RequestRejected extends Schema.TaggedError<RequestRejected>("hrtech-etl/RequestRejected")(
  "RequestRejected",
  {
    connector: Schema.String,
    status: Schema.Number,
    field: Schema.optional(Schema.String),
    reason: Schema.String
  }
) {
  readonly code = "request_rejected"
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
  override get message(): string {
    return `${this.connector}: ${this.field ? `${this.field}: ` : ""}${this.reason}`
  }
}

/** A webhook payload that is unsigned, badly signed or malformed. */
export class WebhookError extends Schema.TaggedError<WebhookError>("hrtech-etl/WebhookError")("WebhookError", {
  connector: Schema.String,
  reason: Schema.String
}) {
  readonly code = "webhook_error"
  override get message(): string {
    return `${this.connector}: webhook rejected: ${this.reason}`
  }
}

/** Any error a connector operation may raise. */
export type ConnectorError =
  | AuthError
  | RateLimited
  | TransportError
  | DecodeError
  | NotFound
  | Unsupported
  | RequestRejected
  | ConfigError
