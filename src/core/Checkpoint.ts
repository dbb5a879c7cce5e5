/**
 * Where a pull stands along its cursor field, and what it may checkpoint: the position moves only past
 * records the target accepted (or that failed for good), boundary ids make an inclusive restart skip
 * what an earlier run or page already took, and a write failure holds the checkpoint so the failed
 * record is read again by the next run.
 */
import * as Duration from "effect/Duration"
import * as Cursor from "./Cursor.js"

/** The furthest value reached along the cursor field and the ids taken at exactly that value. */
export class Position {
  value: string | null
  readonly ids: Set<string>
  constructor(
    readonly sortBy: Cursor.SortBy,
    start: string | null,
    boundary: ReadonlyArray<string>
  ) {
    this.value = start
    this.ids = new Set(start === null ? [] : boundary)
  }

  /** Whether this record was already taken at the current furthest value. */
  seen(value: string | undefined, id: string | undefined): boolean {
    return value !== undefined && id !== undefined && this.value !== null && this.ids.has(id) && Cursor.compareValues(value, this.value) === 0
  }

  /** Moves to `value` when it lies further in the reading direction; at the same value, remembers the id. */
  advance(value: string | undefined, id: string | undefined): void {
    if (value === undefined) return
    const c = this.value === null ? 1 : Cursor.compareValues(value, this.value)
    if (c === 0) {
      if (id !== undefined) this.ids.add(id)
    } else if (this.value === null || (this.sortBy === "asc" ? c > 0 : c < 0)) {
      this.value = value
      // Cleared, not replaced: `toCursor` copies the ids it reports.
      this.ids.clear()
      if (id !== undefined) this.ids.add(id)
    }
  }

  /** `base` with this position as its `end` and boundary ids. */
  toCursor(base: Cursor.Cursor): Cursor.Cursor {
    const cursor: { -readonly [K in keyof Cursor.Cursor]: Cursor.Cursor[K] } = {
      mode: base.mode,
      start: base.start ?? null,
      end: this.value,
      sort_by: base.sort_by
    }
    if (this.ids.size > 0) cursor.boundary_ids = [...this.ids]
    if (base.token != null) cursor.token = base.token
    return cursor
  }
}

/** What the read step does with a record, given its position. */
export type Admission = "new" | "seen" | "out_of_range"

/**
 * The newest cursor value an ascending timestamp pull takes: records updated less than `lag` before
 * `now` are left for the next run (undefined for id cursors and descending reads).
 */
export const upperBound = (cursor: Cursor.Cursor, lag: Duration.DurationInput | undefined, now: number): string | undefined =>
  cursor.mode !== "id" && cursor.sort_by === "asc" ? new Date(now - Duration.toMillis(lag ?? 0)).toISOString() : undefined

/** Options of a checkpoint tracker. */
export interface Options {
  /** Whether the origin returns records ordered by the cursor field. */
  readonly sortable: boolean
  /** The newest value taken (see `upperBound`); applied here only to origins that cannot bound by it. */
  readonly until?: string | undefined
}

/**
 * A pull's checkpoint: `admit` decides each record read (boundary dedup, range), `accept` / `reject`
 * report what became of it, `current` is the cursor to save after a batch and `final` the one to
 * resume from once the run is complete.
 */
export class Tracker {
  private readonly start: string | null
  // Ids an earlier run already took at the start value (the start is inclusive).
  private readonly takenAtStart: Set<string>
  // Duplicates within this run (e.g. a record repeated at a page edge).
  private readonly read: Position
  // The checkpoint: moves only past accepted records.
  private readonly committed: Position
  // An ordered origin's checkpoint freezes at the first write failure.
  private frozen = false
  // An unordered origin checkpoints once, at the end, no further than its earliest failure.
  private lowestFailure: string | undefined

  constructor(
    readonly cursor: Cursor.Cursor,
    readonly options: Options
  ) {
    this.start = cursor.start ?? null
    this.takenAtStart = new Set(this.start === null ? [] : (cursor.boundary_ids ?? []))
    this.read = new Position(cursor.sort_by, null, [])
    this.committed = new Position(cursor.sort_by, this.start, cursor.boundary_ids ?? [])
  }

  /** Decides a record as it is read: taken before (by an earlier run or page), outside the range, or new. */
  admit(value: string | undefined, id: string | undefined): Admission {
    if (this.isTakenAtStart(value, id) || this.read.seen(value, id)) return "seen"
    this.read.advance(value, id)
    return this.inRange(value) ? "new" : "out_of_range"
  }

  /** The record is done with for good (written, filtered out, or failed permanently): the checkpoint may pass it. */
  accept(value: string | undefined, id: string | undefined): void {
    if (!this.frozen) this.committed.advance(value, id)
  }

  /** The target refused the record: the checkpoint must not pass it, so the next run reads it again. */
  reject(value: string | undefined): void {
    if (this.options.sortable) this.frozen = true
    else if (value !== undefined && (this.lowestFailure === undefined || Cursor.isAfter(this.cursor.sort_by, this.lowestFailure, value))) {
      this.lowestFailure = value
    }
  }

  /** The cursor to save after a batch. */
  current(): Cursor.Cursor {
    return this.committed.toCursor(this.cursor)
  }

  /**
   * The cursor to resume from at the end of the run. `token` is the origin's vendor sync token, kept
   * only when every record before it was accepted. Call once.
   */
  final(token: string | undefined): Cursor.Cursor {
    const lowest = this.lowestFailure
    if (
      !this.options.sortable &&
      lowest !== undefined &&
      (this.committed.value === null || !Cursor.isAfter(this.cursor.sort_by, lowest, this.committed.value))
    ) {
      // Unordered origin: resume at the earliest failed value; every record at that value is read
      // again (the target's upsert makes that harmless), so the failed one is not lost.
      this.committed.value = lowest
      this.committed.ids.clear()
    }
    const keepToken = token !== undefined && !this.frozen && lowest === undefined
    return this.committed.toCursor(keepToken ? { ...this.cursor, token } : this.cursor)
  }

  private isTakenAtStart(value: string | undefined, id: string | undefined): boolean {
    return this.takenAtStart.size > 0 && value !== undefined && id !== undefined && this.takenAtStart.has(id) && Cursor.compareValues(value, this.start!) === 0
  }

  private inRange(value: string | undefined): boolean {
    if (value === undefined) return true
    // Checked for every origin, ordered ones included: a record repeated from before the start (a
    // sloppy bound at a page edge) must not be written again. With a vendor sync token the origin
    // itself returns only changes, so a change is never "before" the start.
    if (this.start !== null && this.cursor.token == null && Cursor.isBeforeStart(this.cursor.sort_by, value, this.start)) return false
    const until = this.options.until
    if (!this.options.sortable && until !== undefined && Cursor.compareValues(value, until) > 0) return false
    return true
  }
}

/** A checkpoint tracker for a run starting at `cursor`. */
export const make = (cursor: Cursor.Cursor, options: Options): Tracker => new Tracker(cursor, options)
