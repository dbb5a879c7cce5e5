// ESLint flat config. Not type-aware on purpose: with type information the run took over 3 minutes
// and 2 GB on the 2-core reference machine (against ~30 s without) and found one extra problem;
// `tsc --noEmit` in `npm test` already type-checks every file.
import js from "@eslint/js"
import { defineConfig } from "eslint/config"
import tseslint from "typescript-eslint"

// Barrels load every module of a package; deep imports (`effect/Effect`) keep the CLI's start-up cheap.
const barrels = [
  "effect",
  "@effect/cli",
  "@effect/cluster",
  "@effect/experimental",
  "@effect/platform",
  "@effect/platform-node",
  "@effect/printer",
  "@effect/printer-ansi",
  "@effect/rpc",
  "@effect/sql",
  "@effect/sql-pg",
  "@effect/sql-sqlite-node",
  "@effect/typeclass",
  "@effect/workflow"
]

// Plain .mjs scripts run on Node: its globals are whatever the running Node defines.
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, "readonly"]))

export default defineConfig(
  {
    ignores: ["dist/", "data/", "coverage/", "bench/out/", "test/fixtures/", "test-output/", ".hrtech-etl/", ".cache/"]
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a value left out on purpose (rest destructuring, unused callback parameters).
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          args: "after-used",
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true
        }
      ],
      // `typeof import("./X.js")` types a module loaded lazily with `import()`.
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      // A `let` read by a closure made before its one assignment cannot be a `const` (temporal dead zone).
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // `Effect.gen` bodies that only compute and return are fine without a `yield*`.
      "require-yield": "off",
      // Control characters are matched on purpose where input is sanitised (headers, CSV cells, table names).
      "no-control-regex": "off"
    }
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: barrels.map((name) => ({
            name,
            allowTypeImports: true,
            message: `import the module (e.g. "${name}/<Module>") instead of the barrel: it loads every module at start-up.`
          }))
        }
      ],
      // Library code writes through Effect's Console/Logger, so output can be redirected and scrubbed.
      "no-console": "error"
    }
  },
  {
    // Tests, benchmarks and scripts read loosely typed JSON answers; `any` there is a convenience.
    files: ["test/**", "bench/**", "scripts/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" }
  }
)
