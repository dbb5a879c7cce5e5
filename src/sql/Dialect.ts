/**
 * The SQL dialects the project writes DDL for, and the column types and quoting both share. Queries
 * go through `SqlClient` and need none of this; DDL (migrations) does.
 */
import type * as SqlClient from "@effect/sql/SqlClient"

/** The SQL dialects the project supports. */
export type Dialect = "sqlite" | "pg"

/** The dialect of a client. */
export const dialectOf = (sql: SqlClient.SqlClient): Dialect => sql.onDialectOrElse({ pg: () => "pg" as const, orElse: () => "sqlite" as const })

/** Quotes a fixed identifier (never user input) for DDL. */
export const quote = (identifier: string): string => `"${identifier}"`

// Byte-order collation on PostgreSQL so text compares and sorts like SQLite's BINARY (code points).
/** The column type of text compared by code point on both engines. */
export const textType = (dialect: Dialect): string => (dialect === "pg" ? `TEXT COLLATE "C"` : "TEXT")

/** The column type of a floating-point number. */
export const numberType = (dialect: Dialect): string => (dialect === "pg" ? "DOUBLE PRECISION" : "REAL")
