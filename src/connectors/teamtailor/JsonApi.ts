/**
 * JSON:API resource objects ↔ the flat native records this connector works with.
 *
 * Teamtailor answers with `{ id, type, attributes: {...}, links?, relationships? }`. Native records
 * are that object flattened: `id`, `type`, `links` and every attribute at the top level, under its
 * dasherized wire name (`first-name`, `updated-at`). Flat records let cursor and prefilter metadata,
 * HAVING paths (`updated-at`, `links.careersite-job-url`) and mappings address attributes directly;
 * `relationships` are left out (they only point at other resources). Writes rebuild the document.
 */

/** A JSON:API resource object. */
export interface Resource {
  readonly id?: string
  readonly type: string
  readonly attributes: Readonly<Record<string, unknown>>
  readonly links?: unknown
}

/** Keys of a flat record that are not attributes. */
const envelopeKeys: ReadonlyArray<string> = ["id", "type", "links", "relationships"]

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * A resource object as a flat record. Anything that is not a resource object is returned as is, so the
 * schema check downstream reports it instead of it vanishing here.
 */
export const flatten = (value: unknown): unknown => {
  if (!isRecord(value) || !isRecord(value.attributes)) return value
  return {
    ...value.attributes,
    ...(value.id !== undefined ? { id: value.id } : {}),
    ...(value.type !== undefined ? { type: value.type } : {}),
    ...(value.links !== undefined ? { links: value.links } : {})
  }
}

/** A flat record as a resource object of `type`, without the attributes the server owns. */
export const toResource = (
  type: string,
  record: Readonly<Record<string, unknown>>,
  options: { readonly id?: string; readonly readOnly?: ReadonlyArray<string> } = {}
): Resource => {
  const attributes: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    if (envelopeKeys.includes(key) || options.readOnly?.includes(key) || value === undefined) continue
    attributes[key] = value
  }
  return { ...(options.id !== undefined ? { id: options.id } : {}), type, attributes }
}

/** The media type of JSON:API request bodies. */
export const mediaType = "application/vnd.api+json"
