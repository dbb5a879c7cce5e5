import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Examples and tests import the package by name; resolve it to the sources.
    alias: [
      { find: /^hrtech-etl\/connectors\/(.*)$/, replacement: src("connectors/$1/index.ts") },
      { find: /^hrtech-etl\/formatters\/a_to_b$/, replacement: src("connectors/AToB.ts") },
      { find: /^hrtech-etl\/testing\/vitest$/, replacement: src("testing/Vitest.ts") },
      { find: /^hrtech-etl\/testing$/, replacement: src("testing/index.ts") },
      { find: /^hrtech-etl$/, replacement: src("index.ts") }
    ]
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // A test-only key: sync definitions with auth payloads are stored encrypted, and refused without one.
    env: { HRTECH_ETL_SECRET_KEY: "5f0c1d7e2a9b4c3d8e6f7a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5" }
  }
})
