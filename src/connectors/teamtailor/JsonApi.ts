/**
 * JSON:API resource objects ↔ the flat native records this connector works with.
 *
 * Teamtailor answers with `{ id, type, attributes: {...}, links?, relationships? }`. Native records
 * are that object flattened: `id`, `type`, `links` and every attribute at the top level, under its
 * dasherized wire name (`first-name`, `updated-at`). Flat records let cursor and prefilter metadata,
 * HAVING paths (`updated-at`, `links.careersite-job-url`) and mappings address attributes directly.
 * A relationship whose resources the document carries in `included` (asked for with `include=`) is
 * kept under its name, as the flat included resource(s) (`department.name`, `locations`); other
 * relationships only point at other resources and are left out. Writes rebuild the document.
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

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** Included resources by `type:id`. */
export type Included = ReadonlyMap<string, Record<string, unknown>>

const keyOf = (value: unknown): string | undefined =>
  isRecord(value) && typeof value.type === "string" && value.id !== undefined ? `${value.type}:${String(value.id)}` : undefined

/** The `included` resources of a document, by `type:id`. */
export const includedOf = (document: unknown): Included => {
  const index = new Map<string, Record<string, unknown>>()
  const included = isRecord(document) ? document.included : undefined
  for (const resource of Array.isArray(included) ? included : []) {
    const key = keyOf(resource)
    if (key !== undefined && isRecord(resource)) index.set(key, resource)
  }
  return index
}

/** Flattening an included resource: its to-one linkages are kept as `{ id, type }`, nothing is resolved. */
const linkagesOnly: unique symbol = Symbol("linkagesOnly")

/** The relationships whose linked resources are all in `included`, as flat included resources. */
const resolved = (relationships: unknown, included: Included | typeof linkagesOnly): Record<string, unknown> => {
  if (!isRecord(relationships)) return {}
  if (included === linkagesOnly) {
    const out: Record<string, unknown> = {}
    for (const [name, relationship] of Object.entries(relationships)) {
      const data = isRecord(relationship) ? relationship.data : undefined
      if (keyOf(data) !== undefined) out[name] = { id: String((data as Record<string, unknown>).id), type: (data as Record<string, unknown>).type }
    }
    return out
  }
  if (included.size === 0) return {}
  const out: Record<string, unknown> = {}
  // An included resource's own relationships stay linkages: resolving them too could cycle.
  const one = (linkage: unknown) => {
    const key = keyOf(linkage)
    const found = key === undefined ? undefined : included.get(key)
    return found === undefined ? undefined : flatten(found, linkagesOnly)
  }
  for (const [name, relationship] of Object.entries(relationships)) {
    if (!isRecord(relationship) || !("data" in relationship)) continue
    const { data } = relationship
    if (data === null) out[name] = null
    else if (Array.isArray(data)) {
      const all = data.map(one)
      if (all.every((r) => r !== undefined)) out[name] = all
    } else {
      const found = one(data)
      if (found !== undefined) out[name] = found
    }
  }
  return out
}

/**
 * A resource object as a flat record, with the relationships `included` resolves. Anything that is not
 * a resource object is returned as is, so the schema check downstream reports it instead of it
 * vanishing here.
 */
export const flatten = (value: unknown, included: Included | typeof linkagesOnly = new Map()): unknown => {
  if (!isRecord(value) || !isRecord(value.attributes)) return value
  return {
    ...value.attributes,
    ...resolved(value.relationships, included),
    ...(value.id !== undefined ? { id: value.id } : {}),
    ...(value.type !== undefined ? { type: value.type } : {}),
    ...(value.links !== undefined ? { links: value.links } : {})
  }
}

/** The primary data of a list document as flat records (relationships resolved from its `included`). */
export const flattenDocument = (document: unknown): unknown => {
  const data = isRecord(document) ? document.data : undefined
  if (!Array.isArray(data)) return data
  const included = includedOf(document)
  return data.map((resource) => flatten(resource, included))
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
