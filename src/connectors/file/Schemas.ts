/**
 * Native schemas of the file connector: the unified job and profile. A file is not ordered, so every
 * cursor role is declared unsortable (the pipeline reads the whole bounded range and checkpoints at
 * the end), and every field accepts every operator because WHERE is applied in memory.
 */
import * as Schema from "effect/Schema"
import { operators } from "../../core/Condition.js"
import type { CursorMode } from "../../core/Cursor.js"
import * as Metadata from "../../core/Metadata.js"
import * as Unified from "../../core/Unified.js"

const cursorRoles: Readonly<Record<string, CursorMode>> = { id: "id", created_at: "created_at", updated_at: "updated_at" }

const annotate = <Fields extends Schema.Struct.Fields>(fields: Fields): Fields =>
  Object.fromEntries(
    Object.entries(fields).map(([name, field]) => {
      const role = cursorRoles[name]
      return [
        name,
        field.annotations({
          [Metadata.PrefilterId]: { operators },
          ...(role ? { [Metadata.CursorId]: { cursor: role, sortable: false } } : {})
        })
      ]
    })
  ) as Fields

/** A job as stored in a JSONL or CSV file. */
export const FileJob = Schema.Struct(annotate(Unified.UnifiedJob.fields)).annotations({ identifier: "FileJob" })
/** @see FileJob */
export type FileJob = typeof FileJob.Type

/** A profile as stored in a JSONL or CSV file. */
export const FileProfile = Schema.Struct(annotate(Unified.UnifiedProfile.fields)).annotations({ identifier: "FileProfile" })
/** @see FileProfile */
export type FileProfile = typeof FileProfile.Type
