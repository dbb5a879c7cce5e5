/**
 * The sync store interface: sync definitions, their runs and attempts, and the concurrency limits per
 * class. Callers (engine, scheduler, `hrtech-etl syncs`, `/api/syncs`) depend on this tag; the SQL
 * implementation is `SqlSyncStore`. Auth payloads leave a store decrypted only inside `StoredSync`
 * (`get`, for workers); listings and the scheduler read `SyncRecord`s (auth key names, URIs as shown).
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as SecretBox from "../core/SecretBox.js"
import type * as State from "../core/State.js"
import type * as Definition from "./Definition.js"

/** A sync that already exists (add without replace). */
export class SyncExists extends Schema.TaggedError<SyncExists>("hrtech-etl/SyncExists")("SyncExists", { name: Schema.String }) {
  readonly code = "already_exists"
  readonly category = "conflict" as const
  readonly field = "name"
  override get message(): string {
    return `name: a sync named "${this.name}" already exists (replace it explicitly)`
  }
}

/** A sync name that no definition holds. */
export class SyncNotFound extends Schema.TaggedError<SyncNotFound>("hrtech-etl/SyncNotFound")("SyncNotFound", { name: Schema.String }) {
  readonly code = "not_found"
  readonly category = "not_found" as const
  readonly field = "name"
  override get message(): string {
    return `name: no sync named "${this.name}"`
  }
}

/** A stored auth payload that does not decrypt: the sync cannot run until it is stored again (or the key is set right). */
export class SyncSecretUnreadable extends Schema.TaggedError<SyncSecretUnreadable>("hrtech-etl/SyncSecretUnreadable")("SyncSecretUnreadable", {
  name: Schema.String,
  field: Schema.String,
  reason: Schema.String
}) {
  readonly code = "secret_unreadable"
  override get message(): string {
    return `sync "${this.name}": its stored ${this.field} cannot be read: ${this.reason}`
  }
}

/** A run to queue, chosen by the scheduler. */
export interface QueuedRun {
  readonly run_id: string
  readonly sync: string
  readonly tenant: string
  readonly trigger: Definition.Trigger
  readonly concurrency_class: string
  readonly lane: string
  readonly queued_at: string
  /** The definition's due time this run consumes (advanced to `next_due_at`), if scheduled. */
  readonly consumes_due_at: string | null
  readonly next_due_at: string | null
  /** The run-now request this run consumes (cleared), if any. */
  readonly consumes_request: string | null
}

/** How a run ended. */
export interface RunEnd {
  readonly status: "succeeded" | "failed" | "canceled"
  readonly counters: Definition.RunCounters
  readonly cursor: unknown
  readonly error: string | null
}

/** The sync store service. */
export interface SyncStoreService {
  /**
   * Saves a definition, its auth payloads encrypted; fails with SyncExists when the name is taken and
   * `replace` is false, with SecretKeyMissing when an auth payload holds anything and no key is set.
   */
  readonly put: (
    sync: Omit<Definition.StoredSync, "created_at" | "updated_at" | "run_requested_at" | "origin_auth_keys" | "target_auth_keys">,
    options: { readonly replace: boolean; readonly now: string }
  ) => Effect.Effect<Definition.SyncRecord, SyncExists | SecretBox.SecretKeyMissing | State.StateError>
  /** A definition with its auth payloads decrypted (for workers). */
  readonly get: (name: string) => Effect.Effect<Option.Option<Definition.StoredSync>, SyncSecretUnreadable | State.StateError>
  /** A definition without its auth values (nothing is decrypted). */
  readonly record: (name: string) => Effect.Effect<Option.Option<Definition.SyncRecord>, State.StateError>
  readonly list: (filter?: { readonly tenant?: string | undefined }) => Effect.Effect<ReadonlyArray<Definition.SyncRecord>, State.StateError>
  /** Deletes a definition (its run history stays); false when it did not exist. */
  readonly remove: (name: string) => Effect.Effect<boolean, State.StateError>
  /** Asks for a run as soon as possible; false when the sync does not exist. */
  readonly requestRun: (name: string, at: string) => Effect.Effect<boolean, State.StateError>
  readonly setLimit: (limit: Definition.ClassLimit) => Effect.Effect<void, State.StateError>
  readonly limits: Effect.Effect<ReadonlyArray<Definition.ClassLimit>, State.StateError>
  readonly limitOf: (concurrencyClass: string) => Effect.Effect<number, State.StateError>
  /** Syncs due at `now` (schedule reached or run requested) with no queued or running run. */
  readonly due: (now: string, max: number) => Effect.Effect<ReadonlyArray<Definition.SyncRecord>, State.StateError>
  /** Records a queued run and advances the definition; false when the sync already has an active run. */
  readonly queue: (run: QueuedRun) => Effect.Effect<boolean, State.StateError>
  /** Active (queued or running) runs per lane of a class. */
  readonly laneLoad: (concurrencyClass: string) => Effect.Effect<ReadonlyMap<string, number>, State.StateError>
  /** Active runs queued before `before`, to send again (sends are idempotent by run id). */
  readonly activeSince: (
    before: string,
    options?: { readonly queuedOnly?: boolean; readonly max?: number }
  ) => Effect.Effect<ReadonlyArray<{ readonly run_id: string; readonly sync: string; readonly lane: string }>, State.StateError>
  /** Marks a new attempt of a run as running on `worker`; returns the attempt number, or None when the run is not recorded. */
  readonly startAttempt: (runId: string, worker: string, at: string) => Effect.Effect<Option.Option<number>, State.StateError>
  /** Records the counters and checkpoint reached (after each accepted batch). */
  readonly progress: (runId: string, counters: Definition.RunCounters, cursor: unknown, at: string) => Effect.Effect<void, State.StateError>
  /** Records the end of an interrupted attempt (the run stays active: another attempt resumes it). */
  readonly interrupted: (runId: string, attempt: number, at: string) => Effect.Effect<void, State.StateError>
  /** Records how a run (and its attempt) ended. */
  readonly finish: (runId: string, attempt: number, end: RunEnd, at: string) => Effect.Effect<void, State.StateError>
  readonly run: (runId: string) => Effect.Effect<Option.Option<Definition.RunRecord>, State.StateError>
  /** Runs of a sync, newest first. */
  readonly runs: (sync: string, limit: number) => Effect.Effect<ReadonlyArray<Definition.RunRecord>, State.StateError>
  /** Attempts, oldest first (of one sync, or all). */
  readonly attempts: (sync?: string) => Effect.Effect<ReadonlyArray<Definition.AttemptRecord>, State.StateError>
  /** Totals of finished runs per status for a sync. */
  readonly totals: (sync: string) => Effect.Effect<{ readonly succeeded: number; readonly failed: number }, State.StateError>
  /** Deletes finished runs beyond the newest `keep` of each sync. */
  readonly prune: (keep: number) => Effect.Effect<void, State.StateError>
  /**
   * Encrypts every stored auth payload again with the current key (after a rotation, or to encrypt
   * definitions stored in clear by an earlier version); the number of definitions rewritten. Nothing
   * is written when one of them does not decrypt.
   */
  readonly rekey: Effect.Effect<number, SyncSecretUnreadable | SecretBox.SecretKeyMissing | State.StateError>
}

/** The sync store tag. */
export class SyncStore extends Context.Tag("hrtech-etl/SyncStore")<SyncStore, SyncStoreService>() {}
