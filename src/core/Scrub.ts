/**
 * Removal of secret values from text that may reach an error, a log line or an HTTP response.
 */

/** What a secret is replaced with. */
export const placeholder = "[redacted]"

/** The longest vendor text kept in an error message; vendor bodies can be large. */
export const maxMessageLength = 500

/** The forms in which a secret can show up in text: raw, URL-encoded, and base64 (basic auth). */
export const variants = (secret: string): ReadonlyArray<string> => {
  if (secret === "") return []
  const out = new Set<string>([secret, encodeURIComponent(secret), Buffer.from(secret, "utf8").toString("base64")])
  return [...out].filter((value) => value !== "")
}

/** Replaces every occurrence of each secret (in all its forms) with the placeholder. */
export const scrub = (text: string, secrets: Iterable<string>): string => {
  const forms = new Set<string>()
  for (const secret of secrets) for (const form of variants(secret)) forms.add(form)
  // Longest first, so a secret that contains another is removed whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length)
  let out = text
  for (const form of ordered) out = out.split(form).join(placeholder)
  return out
}

/** Scrubs and shortens vendor-provided text for an error message. */
export const message = (text: string, secrets: Iterable<string>): string => {
  const clean = scrub(text, secrets)
  return clean.length > maxMessageLength ? `${clean.slice(0, maxMessageLength)}…` : clean
}
