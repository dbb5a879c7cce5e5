import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Examples and tests import the package by name; resolve it to the sources.
    alias: [
      { find: /^hrtech-etl\/connectors\/(.*)$/, replacement: src("connectors/$1/index.ts") },
      { find: /^hrtech-etl\/formatters\/a_to_b$/, replacement: src("formatters/AToB.ts") },
      { find: /^hrtech-etl\/testing\/vitest$/, replacement: src("testing/Vitest.ts") },
      { find: /^hrtech-etl\/testing$/, replacement: src("testing/index.ts") },
      { find: /^hrtech-etl$/, replacement: src("index.ts") }
    ]
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks"
  }
})
