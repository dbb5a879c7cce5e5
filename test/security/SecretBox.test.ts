/**
 * SecretBox: values sealed with a key open with it and with nothing else; an altered value, another
 * key, another context or a missing key is a typed error that quotes neither the value nor a key;
 * every seal uses a fresh nonce; key text is checked and named by its variable.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import { randomBytes } from "node:crypto"
import * as SecretBox from "../../src/core/SecretBox.js"

const keyOf = (text: string) => Either.getOrThrow(SecretBox.parseKey(Redacted.make(text)))
const hexKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
const current = keyOf(hexKey)
const other = keyOf(randomBytes(32).toString("base64"))
const keys = SecretBox.keysOf(current)
const plaintext = JSON.stringify({ api_key: "sk_live_very-secret-123", client_secret: "cs-0987654321" })
const context = "hrtech_sync/acme-jobs/origin_auth"

const openError = (result: Either.Either<string, SecretBox.SecretUnreadable>) => {
  expect(Either.isLeft(result)).toBe(true)
  return Either.isLeft(result) ? result.left : undefined
}

describe("SecretBox", () => {
  it("round trip: a sealed value is versioned, hides the plaintext and opens to it", () => {
    const sealed = SecretBox.seal(current, plaintext, context)
    expect(sealed.startsWith("enc:v1:")).toBe(true)
    expect(SecretBox.isSealed(sealed)).toBe(true)
    expect(sealed).not.toContain("sk_live")
    expect(Buffer.from(sealed.slice(7), "base64url").toString("latin1")).not.toContain("very-secret")
    expect(SecretBox.open(keys, sealed, context)).toEqual(Either.right(plaintext))
    // Empty and non-ASCII text survive too.
    expect(SecretBox.open(keys, SecretBox.seal(current, "", context), context)).toEqual(Either.right(""))
    expect(SecretBox.open(keys, SecretBox.seal(current, "clé ✓ 鍵", context), context)).toEqual(Either.right("clé ✓ 鍵"))
  })

  it("nonce unique: the same text sealed twice gives different values, with different nonces", () => {
    const sealed = Array.from({ length: 200 }, () => SecretBox.seal(current, plaintext, context))
    expect(new Set(sealed).size).toBe(sealed.length)
    const nonces = sealed.map((s) => Buffer.from(s.slice(7), "base64url").subarray(0, 12).toString("hex"))
    expect(new Set(nonces).size).toBe(sealed.length)
  })

  it("tamper: any altered byte (nonce, ciphertext, tag), a truncated value or another context is refused", () => {
    const sealed = SecretBox.seal(current, plaintext, context)
    const raw = Buffer.from(sealed.slice(7), "base64url")
    for (const index of [0, 11, 12, raw.length - 17, raw.length - 1]) {
      const altered = Buffer.from(raw)
      altered[index] = altered[index]! ^ 0x01
      const e = openError(SecretBox.open(keys, `enc:v1:${altered.toString("base64url")}`, context))
      expect(e).toMatchObject({ _tag: "SecretUnreadable", code: "secret_unreadable" })
      expect(e!.message).toMatch(/HRTECH_ETL_SECRET_KEY/)
    }
    expect(openError(SecretBox.open(keys, "enc:v1:AAAA", context))!.message).toMatch(/truncated/)
    expect(openError(SecretBox.open(keys, sealed, "hrtech_sync/other-sync/origin_auth"))).toBeDefined()
    expect(openError(SecretBox.open(keys, sealed, "hrtech_sync/acme-jobs/target_auth"))).toBeDefined()
    expect(openError(SecretBox.open(keys, sealed.replace("enc:v1:", "enc:v2:"), context))!.message).toMatch(/unknown format/)
  })

  it("wrong key: refused, and the message quotes neither the value nor a key", () => {
    const sealed = SecretBox.seal(current, plaintext, context)
    const e = openError(SecretBox.open(SecretBox.keysOf(other), sealed, context))
    expect(e).toMatchObject({ _tag: "SecretUnreadable" })
    const text = `${e!.message} ${JSON.stringify(e)}`
    for (const leak of [sealed.slice(7), sealed.slice(7, 30), hexKey, "sk_live"]) expect(text).not.toContain(leak)
    // No key at all: refused, naming the variable.
    expect(openError(SecretBox.open(SecretBox.keysOf(undefined), sealed, context))!.message).toMatch(/HRTECH_ETL_SECRET_KEY is not set/)
  })

  it("rotation: the previous key still opens values; new values are sealed with the current key only", () => {
    const old = SecretBox.seal(other, plaintext, context)
    const rotating = SecretBox.keysOf(current, other)
    expect(SecretBox.open(rotating, old, context)).toEqual(Either.right(plaintext))
    const fresh = SecretBox.seal(Either.getOrThrow(SecretBox.sealingKey(rotating, "origin_auth")), plaintext, context)
    expect(Either.isLeft(SecretBox.open(SecretBox.keysOf(other), fresh, context))).toBe(true)
    expect(SecretBox.open(keys, fresh, context)).toEqual(Either.right(plaintext))
  })

  it("keys from the environment: hex or base64 of at least 32 bytes; anything else is named, never quoted", () => {
    const base64 = randomBytes(32).toString("base64")
    const env = (over: Record<string, string>) => SecretBox.fromEnv(over)
    expect(env({}).current).toBeUndefined()
    expect(env({ HRTECH_ETL_SECRET_KEY: "  " }).current).toBeUndefined()
    expect(Either.isRight(env({ HRTECH_ETL_SECRET_KEY: hexKey }).current!)).toBe(true)
    expect(Either.isRight(env({ HRTECH_ETL_SECRET_KEY: base64 }).current!)).toBe(true)
    expect(Either.isRight(env({ HRTECH_ETL_SECRET_KEY: randomBytes(32).toString("base64url") }).current!)).toBe(true)
    // The same bytes as hex or base64 are the same key.
    const sealed = SecretBox.seal(keyOf(hexKey), plaintext, context)
    expect(SecretBox.open(SecretBox.keysOf(keyOf(Buffer.from(hexKey, "hex").toString("base64"))), sealed, context)).toEqual(Either.right(plaintext))
    for (const bad of ["short-passphrase", randomBytes(16).toString("hex"), "not base64 at all, has spaces!"]) {
      const parsed = env({ HRTECH_ETL_SECRET_KEY: bad })
      expect(parsed.opening).toEqual([])
      const missing = SecretBox.sealingKey(parsed, "target_auth")
      expect(Either.isLeft(missing)).toBe(true)
      if (Either.isLeft(missing)) {
        expect(missing.left).toMatchObject({ _tag: "SecretKeyMissing", field: "target_auth", code: "secret_key_required" })
        expect(missing.left.message).toMatch(/^target_auth: .*HRTECH_ETL_SECRET_KEY must be at least 32 random bytes/)
        expect(missing.left.message).not.toContain(bad)
      }
    }
    const previous = env({ HRTECH_ETL_SECRET_KEY: hexKey, HRTECH_ETL_SECRET_KEY_PREVIOUS: base64 })
    expect(previous.opening).toHaveLength(2)
    // A derived key prints as redacted.
    expect(String(current.aes)).toBe("<redacted>")
    expect(Either.getLeft(SecretBox.sealingKey(env({}), "origin_auth"))).toMatchObject({ _tag: "Some", value: { field: "origin_auth" } })
  })
})
