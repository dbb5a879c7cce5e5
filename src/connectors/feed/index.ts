/**
 * hrtech-etl/connectors/feed: job-board feed targets built from unified jobs, written atomically —
 * an Indeed XML feed (`indeed:path.xml`, always the full set of open jobs) and schema.org
 * `JobPosting` JSON-LD documents for Google for Jobs (`jsonld:directory`, one `<id>.json` per job).
 */
export * as Indeed from "./Indeed.js"
export * as JsonLd from "./JsonLd.js"
export * as Target from "./Target.js"
export * as Xml from "./Xml.js"
export type { FeedTarget } from "./Target.js"
