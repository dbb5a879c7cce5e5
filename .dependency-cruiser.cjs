/* global module */
/**
 * Import rules of src/ (`npm run lint:deps`; also checked by test/arch/Imports.test.ts).
 * Direction: core ← http / sql ← connectors ← app ← scale ← cli / server (see CONTRIBUTING.md, "Layout").
 * @type {import("dependency-cruiser").IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules of src/ never import each other in a cycle (type-only imports included).",
      from: { path: "^src/" },
      to: { circular: true }
    },
    {
      name: "core-is-leaf",
      severity: "error",
      comment: "src/core is the vocabulary everything else builds on: it imports only src/core and packages.",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: "^src/core/" }
    },
    {
      name: "connectors-only-from-edges",
      severity: "error",
      comment:
        "Connectors are reached through the registry, which the entry points provide: only the built-ins registry " +
        "(src/connectors/builtin.ts), the CLI, the server and the programmatic entry that defaults to the built-ins " +
        "(src/app/Library.ts, runPullConfig) import src/connectors.",
      from: { path: "^src/", pathNot: ["^src/connectors/", "^src/cli/", "^src/server/", "^src/app/Library\\.ts$"] },
      to: { path: "^src/connectors/" }
    },
    {
      name: "connector-imports-no-other-connector",
      severity: "error",
      comment: "A connector folder imports only itself, shared plumbing (core, http, sql) and packages.",
      from: { path: "^src/connectors/([^/]+)/" },
      to: { path: "^src/connectors/", pathNot: "^src/connectors/$1/" }
    },
    {
      name: "no-sql-from-connectors",
      severity: "error",
      comment: "The SQL connector is a connector like the others: shared SQL plumbing lives in src/sql.",
      from: { path: "^src/", pathNot: ["^src/connectors/sql/", "^src/connectors/builtin\\.ts$"] },
      to: { path: "^src/connectors/sql/" }
    }
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".d.ts"]
    }
  }
}
