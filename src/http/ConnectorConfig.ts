/**
 * The configuration every HTTP connector shares. Each connector reads the JSON auth payload of the
 * CLI / HTTP API (`--origin-auth`, `origin_auth`) with `decoder`: its own keys, defaults and
 * environment variables stay in its `Config.ts`, while the rules are the same everywhere — a bad
 * value names its key (a secret's value is never echoed), a missing required key names its
 * environment variable, and absent keys stay absent. `auth` derives the env vars, the registry's
 * key list and the reader from one declaration of the keys, and `makeHttp` turns the common
 * settings plus the connector's auth scheme and limits into its VendorHttp client.
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { ConfigError } from "../core/ConnectorError.js"
import { pathToField } from "../core/Decode.js"
import type * as Registry from "../core/Registry.js"
import * as Scrub from "../core/Scrub.js"
import type * as Auth from "./Auth.js"
import type * as RateLimit from "./RateLimit.js"
import type * as Retry from "./Retry.js"
import * as VendorHttp from "./VendorHttp.js"

const Headers = Schema.Record({ key: Schema.String, value: Schema.String })

/** `extra_headers`: an object of header values, or its JSON text (values may come from environment variables). */
export const ExtraHeaders = Schema.Union(Headers, Schema.parseJson(Headers))

/** A secret of the payload (API key, token, webhook secret), kept `Redacted`. */
export const Secret = Schema.Redacted(Schema.String)

/** The settings every HTTP connector's config has, whatever its credentials. */
export interface Common {
  /** Overrides the vendor's API URL (tests, proxies). */
  readonly base_url?: string
  /** Headers sent with every request, e.g. `{ "X-Tenant-ID": "tenant-123" }`. */
  readonly extra_headers?: Readonly<Record<string, string>>
  /** Per-attempt timeout (default 30 s). */
  readonly timeout?: Duration.DurationInput
  /** Retry policy overrides (attempts, waits). */
  readonly retry?: Retry.Options
}

/** Keys of a payload whose values are text (plain or `Redacted`), the only ones that can be required. */
export type TextKeys<A> = {
  [K in keyof A]-?: Exclude<A[K], undefined> extends string | Redacted.Redacted<string> ? K : never
}[keyof A]

/** A decoded payload: absent keys are absent (never `undefined`), required keys are present. */
export type Payload<A, Required extends keyof A> = {
  readonly [K in Exclude<keyof A, Required>]?: Exclude<A[K], undefined>
} & {
  readonly [K in Required]-?: Exclude<A[K], undefined>
}

/** How a connector reads its auth payload. */
export interface DecoderOptions<A, Required extends TextKeys<A>> {
  /** The connector's registry name, named by every error. */
  readonly connector: string
  /** Keys that must be present and not blank, checked in this order; they lead the decoded payload. */
  readonly required: ReadonlyArray<Required>
  /** The environment variable of each required key, named when it is missing. */
  readonly env: { readonly [K in Required]: string }
  /** Keys holding secrets: a bad value is reported as "must be a string", never echoed. */
  readonly secrets: ReadonlyArray<keyof A & string>
  /** Reasons that replace the schema's message for a bad value of these keys. */
  readonly reasons?: { readonly [K in keyof A]?: string }
}

const isBlank = (value: unknown): boolean =>
  value === undefined || (Redacted.isRedacted(value) ? Redacted.value(value as Redacted.Redacted<string>) : String(value)).trim() === ""

/**
 * Builds a connector's auth payload reader: decodes the payload (unknown keys ignored), then checks the
 * required keys. A bad value fails with a ConfigError naming its key; a missing or blank required key
 * fails with `missing: pass <key> in the auth payload or set <ENV_VAR>`.
 */
export const decoder = <Fields extends Schema.Struct.Fields, Required extends TextKeys<Schema.Struct.Type<Fields>>>(
  schema: Schema.Struct<Fields> & Schema.Schema.AnyNoContext,
  options: DecoderOptions<Schema.Struct.Type<Fields>, Required>
) => {
  const decode = Schema.decodeUnknownEither(schema as Schema.Schema<Schema.Struct.Type<Fields>>, { errors: "first", onExcessProperty: "ignore" })
  const secrets: ReadonlyArray<string> = options.secrets
  const reasons: Readonly<Record<string, string | undefined>> = options.reasons ?? {}
  const required: ReadonlyArray<string> = options.required as ReadonlyArray<Required & string>
  // Required keys first, then the others in schema order: the order the connectors always built.
  const order = [...required, ...Object.keys(schema.fields).filter((key) => !required.includes(key))]
  return (auth: Readonly<Record<string, unknown>>): Either.Either<Payload<Schema.Struct.Type<Fields>, Required>, ConfigError> => {
    const decoded = decode(auth)
    if (Either.isLeft(decoded)) {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
      const field = issue ? pathToField(issue.path) : undefined
      // A failed Redacted decode could echo the value, and extra headers often carry tenant keys:
      // for those only the field is named. Every other reason is scrubbed of the payload's secrets.
      const headers = field !== undefined && (field === "extra_headers" || field.startsWith("extra_headers."))
      const reason =
        field !== undefined && secrets.includes(field)
          ? "must be a string"
          : headers
            ? "must be a JSON object of header names to string values"
            : Scrub.scrub(
                (field !== undefined && Object.hasOwn(reasons, field) ? reasons[field] : undefined) ?? issue?.message ?? "invalid auth payload",
                // Values under 4 characters are not worth mangling unrelated text for.
                secrets.flatMap((key) => (typeof auth[key] === "string" && (auth[key] as string).length >= 4 ? [auth[key] as string] : []))
              )
      return Either.left(new ConfigError({ connector: options.connector, ...(field ? { field } : {}), reason }))
    }
    const payload = decoded.right as Readonly<Record<string, unknown>>
    for (const key of options.required) {
      if (isBlank(payload[key as string])) {
        return Either.left(
          new ConfigError({
            connector: options.connector,
            field: key as string,
            reason: `missing: pass ${key as string} in the auth payload or set ${options.env[key]}`
          })
        )
      }
    }
    const out: Record<string, unknown> = {}
    for (const key of order) if (payload[key] !== undefined) out[key] = payload[key]
    return Either.right(out as Payload<Schema.Struct.Type<Fields>, Required>)
  }
}

/** One key of a connector's auth payload: how it decodes, and how the registry describes it. */
export interface Key<S extends Schema.Schema.AnyNoContext = Schema.Schema.AnyNoContext, R extends boolean = boolean> {
  /** Decodes the key's JSON value (the value may come from an environment variable, so as text). */
  readonly schema: S
  /** Whether the payload must have it (then its type must be text). */
  readonly required: R
  /** A secret: never echoed, flagged in the registry. */
  readonly secret: boolean
  readonly description: string
  /** The value used when none is given, shown by the registry. */
  readonly default?: string
  /** Replaces the schema's message for a bad value. */
  readonly reason?: string
}

/** Options of a key besides its schema and description. */
export interface KeyOptions<R extends boolean> {
  readonly required?: R
  readonly secret?: boolean
  readonly default?: string
  readonly reason?: string
}

/** A key decoded by `schema`. */
export const key = <S extends Schema.Schema.AnyNoContext, const R extends boolean = false>(
  schema: S,
  description: string,
  options: KeyOptions<R> = {}
): Key<S, R> => ({
  schema,
  required: (options.required ?? false) as R,
  secret: options.secret ?? false,
  description,
  ...(options.default !== undefined ? { default: options.default } : {}),
  ...(options.reason !== undefined ? { reason: options.reason } : {})
})

/** A text key. */
export const text = <const R extends boolean = false>(description: string, options: KeyOptions<R> = {}): Key<typeof Schema.String, R> =>
  key(Schema.String, description, options)

/** A secret key (API key, token, webhook secret), kept `Redacted`. */
export const secret = <const R extends boolean = false>(description: string, options: KeyOptions<R> = {}): Key<typeof Secret, R> =>
  key(Secret, description, { ...options, secret: true })

/**
 * The keys every HTTP connector reads besides its credentials: `base_url` (described by its default
 * URL, or by a description of its own) and `extra_headers`.
 */
export const commonKeys = (baseUrl: { readonly default: string } | { readonly description: string }) => ({
  base_url: "default" in baseUrl ? text(`API base URL (default ${baseUrl.default})`, { default: baseUrl.default }) : text(baseUrl.description),
  extra_headers: key(ExtraHeaders, "JSON object of headers sent with every request")
})

/** The keys of a connector's auth payload, in the order the registry lists them. */
export type Keys = Readonly<Record<string, Key>>

type RequiredOf<K extends Keys> = { [P in keyof K]: K[P]["required"] extends true ? P : never }[keyof K]

/** The decoded auth payload of a key declaration: absent keys are absent, required keys present. */
export type Decoded<K extends Keys> = { readonly [P in Exclude<keyof K, RequiredOf<K>>]?: Schema.Schema.Type<K[P]["schema"]> } & {
  readonly [P in RequiredOf<K>]-?: Schema.Schema.Type<K[P]["schema"]>
}

/** What one declaration of a connector's auth keys gives: env vars, registry entries, the payload reader. */
export interface Declared<K extends Keys> {
  readonly keys: K
  /** The environment variable of each key, `HRTECH_ETL_<CONNECTOR>_<KEY>`. */
  readonly env: { readonly [P in keyof K]: string }
  /** The registry's description of each key. */
  readonly authKeys: ReadonlyArray<Registry.AuthKey>
  /** Reads an auth payload; a bad or missing key fails with a ConfigError naming it. */
  readonly fromAuth: (auth: Readonly<Record<string, unknown>>) => Either.Either<Decoded<K>, ConfigError>
}

/** The environment variable of a connector's key. */
export const envName = (connector: string, key: string): string => `HRTECH_ETL_${connector.toUpperCase()}_${key.toUpperCase()}`

/** Derives a connector's env vars, registry entries and payload reader from one declaration of its keys. */
export const auth = <const K extends Keys>(connector: string, keys: K): Declared<K> => {
  const names = Object.keys(keys) as Array<keyof K & string>
  const env = Object.fromEntries(names.map((name) => [name, envName(connector, name)])) as { readonly [P in keyof K]: string }
  const authKeys = names.map((name): Registry.AuthKey => {
    const spec = keys[name]!
    return {
      name,
      env: env[name],
      ...(spec.secret ? { secret: true } : {}),
      ...(spec.required ? { required: true } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
      description: spec.description
    }
  })
  const schema = Schema.Struct(Object.fromEntries(names.map((name) => [name, Schema.optional(keys[name]!.schema)])))
  const reasons = Object.fromEntries(names.flatMap((name) => (keys[name]!.reason !== undefined ? [[name, keys[name]!.reason]] : [])))
  const fromAuth = decoder(schema, {
    connector,
    required: names.filter((name) => keys[name]!.required) as never,
    env: env as never,
    secrets: names.filter((name) => keys[name]!.secret),
    reasons
  }) as unknown as Declared<K>["fromAuth"]
  return { keys, env, authKeys, fromAuth }
}

/** What a connector adds to the common settings to reach its vendor. */
export interface HttpOptions {
  /** The connector's registry name, named by every error. */
  readonly connector: string
  /** The API URL used when `base_url` is not set. */
  readonly defaultBaseUrl: string
  readonly auth: Auth.Auth
  /** The proactive rate limit (the configured one, else the vendor's default); none when undefined. */
  readonly rateLimit?: RateLimit.Config | undefined
  /** Every request's headers, when the connector adds its own to `extra_headers`; else `extra_headers`. */
  readonly extraHeaders?: Readonly<Record<string, string>>
}

/** The VendorHttp settings of a connector's config: unset options stay unset, so VendorHttp's defaults apply. */
export const httpConfig = (config: Common, options: HttpOptions): VendorHttp.Config => {
  const extraHeaders = options.extraHeaders ?? config.extra_headers
  return {
    connector: options.connector,
    baseUrl: config.base_url ?? options.defaultBaseUrl,
    auth: options.auth,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(extraHeaders ? { extraHeaders } : {}),
    ...(config.timeout !== undefined ? { timeout: config.timeout } : {}),
    ...(config.retry ? { retry: config.retry } : {})
  }
}

/** Builds a connector's VendorHttp client over the platform's `fetch`; it lives as long as the scope. */
export const makeHttp = (config: Common, options: HttpOptions): Effect.Effect<VendorHttp.VendorHttp, ConfigError, Scope.Scope> =>
  VendorHttp.make(httpConfig(config, options)).pipe(Effect.provide(VendorHttp.layerClient))
