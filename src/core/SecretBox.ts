/**
 * Authenticated encryption of secrets kept at rest (the auth payloads of stored syncs): AES-256-GCM
 * with a random 96-bit nonce per value, stored as `enc:v1:<base64url(nonce ‖ ciphertext ‖ tag)>`.
 *
 * The key comes from `HRTECH_ETL_SECRET_KEY`: at least 32 random bytes written as hex or base64
 * (`openssl rand -base64 32`). The AES key is derived from them with HKDF-SHA256, so the same
 * variable can later feed other purposes without reusing a key. `HRTECH_ETL_SECRET_KEY_PREVIOUS`
 * (optional) is tried when the current key does not open a value: keys can be rotated without
 * stopping workers. Each value is bound to a context (the sync and field it belongs to), so a stored
 * value copied to another row does not open there.
 */
import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, type KeyObject, randomBytes } from "node:crypto"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as ErrorClass from "./ErrorClass.js"

/** The variable holding the key. */
export const variable = "HRTECH_ETL_SECRET_KEY"

/** The variable holding the previous key during a rotation (read only to open values). */
export const previousVariable = "HRTECH_ETL_SECRET_KEY_PREVIOUS"

/** The prefix of a sealed value; its version names the algorithm, so the format can evolve. */
export const prefix = "enc:v1:"

const nonceBytes = 12
const tagBytes = 16
const minKeyBytes = 32
const hkdfInfo = "hrtech-etl secret-box v1 aes-256-gcm"

/** An encryption key (the derived AES key; never printed). */
export interface Key {
  readonly _tag: "SecretBoxKey"
  readonly aes: Redacted.Redacted<KeyObject>
}

/** The keys of a process: the one that seals, and those that open (the current first). */
export interface Keys {
  /** None when `HRTECH_ETL_SECRET_KEY` is not set; Left with the reason when it is set but unusable. */
  readonly current: Either.Either<Key, string> | undefined
  readonly opening: ReadonlyArray<Key>
}

/** A value that cannot be stored because no usable key is set. */
export class SecretKeyMissing extends ErrorClass.fieldError<SecretKeyMissing>()("SecretKeyMissing", "secret_key_required") {}

/** A sealed value that does not open (another key, altered text, or no key set). */
export class SecretUnreadable extends Schema.TaggedError<SecretUnreadable>("hrtech-etl/SecretUnreadable")("SecretUnreadable", {
  reason: Schema.String
}) {
  readonly code = "secret_unreadable"
  override get message(): string {
    return this.reason
  }
}

const decodeKeyText = (text: string): Buffer | undefined => {
  const trimmed = text.trim()
  if (/^(?:[0-9a-fA-F]{2})+$/.test(trimmed)) return Buffer.from(trimmed, "hex")
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64")
  return undefined
}

/** Parses key text (hex or base64 of at least 32 bytes); the reason names the variable, never the value. */
export const parseKey = (text: Redacted.Redacted<string>, name: string = variable): Either.Either<Key, string> => {
  const bytes = decodeKeyText(Redacted.value(text))
  if (bytes === undefined || bytes.length < minKeyBytes) {
    return Either.left(`${name} must be at least ${minKeyBytes} random bytes written as hex or base64 (e.g. \`openssl rand -base64 32\`)`)
  }
  const derived = Buffer.from(hkdfSync("sha256", bytes, Buffer.alloc(0), hkdfInfo, 32))
  return Either.right({ _tag: "SecretBoxKey", aes: Redacted.make(createSecretKey(derived)) })
}

/** The keys named by the environment (`HRTECH_ETL_SECRET_KEY`, `HRTECH_ETL_SECRET_KEY_PREVIOUS`). */
export const fromEnv = (env: Readonly<Record<string, string | undefined>> = process.env): Keys => {
  const read = (name: string) => {
    const text = env[name]
    return text === undefined || text.trim() === "" ? undefined : parseKey(Redacted.make(text), name)
  }
  const current = read(variable)
  const previous = read(previousVariable)
  const opening = [current, previous].flatMap((k) => (k !== undefined && Either.isRight(k) ? [k.right] : []))
  return { current, opening }
}

/** Keys from one key (tests, embedders). */
export const keysOf = (current: Key | undefined, ...previous: ReadonlyArray<Key>): Keys => ({
  current: current === undefined ? undefined : Either.right(current),
  opening: current === undefined ? previous : [current, ...previous]
})

/** Whether a stored value is sealed (any version). */
export const isSealed = (value: unknown): value is string => typeof value === "string" && /^enc:v\d+:/.test(value)

/** Seals text for a context (e.g. `sync-name/origin_auth`); a fresh nonce each time. */
export const seal = (key: Key, plaintext: string, context: string): string => {
  const nonce = randomBytes(nonceBytes)
  const cipher = createCipheriv("aes-256-gcm", Redacted.value(key.aes), nonce, { authTagLength: tagBytes })
  cipher.setAAD(Buffer.from(context, "utf8"))
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
  return `${prefix}${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString("base64url")}`
}

const openWith = (key: Key, raw: Buffer, context: string): string | undefined => {
  try {
    const decipher = createDecipheriv("aes-256-gcm", Redacted.value(key.aes), raw.subarray(0, nonceBytes), { authTagLength: tagBytes })
    decipher.setAAD(Buffer.from(context, "utf8"))
    decipher.setAuthTag(raw.subarray(raw.length - tagBytes))
    return Buffer.concat([decipher.update(raw.subarray(nonceBytes, raw.length - tagBytes)), decipher.final()]).toString("utf8")
  } catch {
    // GCM refuses a wrong key and an altered value alike; which one is not knowable.
    return undefined
  }
}

/** Opens a sealed value with the first key that fits; the error never quotes the value or a key. */
export const open = (keys: Keys, sealed: string, context: string): Either.Either<string, SecretUnreadable> => {
  if (!sealed.startsWith(prefix)) {
    return Either.left(new SecretUnreadable({ reason: "the stored value has an unknown format (written by a newer version?)" }))
  }
  if (keys.opening.length === 0) {
    return Either.left(new SecretUnreadable({ reason: `it is encrypted and ${variable} is not set (or not usable)` }))
  }
  const raw = Buffer.from(sealed.slice(prefix.length), "base64url")
  if (raw.length < nonceBytes + tagBytes) return Either.left(new SecretUnreadable({ reason: "the stored value is truncated" }))
  for (const key of keys.opening) {
    const text = openWith(key, raw, context)
    if (text !== undefined) return Either.right(text)
  }
  return Either.left(new SecretUnreadable({ reason: `it does not decrypt with ${variable} (another key, or the stored value was altered)` }))
}

/** The key that seals new values, or why there is none (naming the field that needed it). */
export const sealingKey = (keys: Keys, field: string): Either.Either<Key, SecretKeyMissing> => {
  if (keys.current === undefined) {
    return Either.left(
      new SecretKeyMissing({ field, reason: `cannot be stored without ${variable} (set it to 32 random bytes, hex or base64, to encrypt credentials at rest)` })
    )
  }
  return Either.mapLeft(keys.current, (reason) => new SecretKeyMissing({ field, reason: `cannot be stored: ${reason}` }))
}
