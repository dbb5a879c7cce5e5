import { describe, expect, it } from "vitest"
import { run } from "./Cli.js"

const pull = ["pull", "--resource", "job", "--origin", "warehouse_a", "--target", "sqlite::memory:"]
const auth = ["--origin-auth", JSON.stringify({ api_key: "s3cr3t-ABC", base_url: "http://127.0.0.1:9" })]

describe("hrtech-etl bad input exits 2 with a one-line message naming the flag", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, RegExp]> = [
    ["malformed --where JSON", [...pull, ...auth, "--where", "[{oops"], /--where: malformed JSON/],
    ["malformed --having JSON", [...pull, ...auth, "--having", "{"], /--having: malformed JSON/],
    ["malformed --origin-auth JSON", [...pull, "--origin-auth", "{api_key:"], /--origin-auth: malformed JSON/],
    ["unknown connector", ["pull", "--resource", "job", "--origin", "nope", "--target", "sqlite::memory:"], /nope/],
    ["unknown field", [...pull, ...auth, "--where", '[{"field":"nope","op":"eq","value":1}]'], /where\[0\]\.field: unknown field "nope" .*valid fields/],
    ["unknown operator", [...pull, ...auth, "--where", '[{"field":"title","op":"like","value":"x"}]'], /--where: \[0\]\.op: Expected "eq" \| /],
    [
      "ineligible operator",
      [...pull, ...auth, "--where", '[{"field":"title","op":"gt","value":"x"}]'],
      /where\[0\]\.op: operator gt is not allowed on "title"/
    ],
    ["bad date", [...pull, ...auth, "--cursor-start", "yesterday"], /--cursor-start: expected an ISO-8601 date-time/],
    ["unknown mapping field", [...pull, ...auth, "--mapping", '[{"from":"titel","to":"id"}]'], /mapping\[0\]\.from: unknown origin field "titel"/],
    ["missing --resource", ["pull", "--origin", "warehouse_a", "--target", "sqlite::memory:"], /--resource: is required/],
    ["bad --resource", ["pull", "--resource", "jobs", "--origin", "warehouse_a", "--target", "x"], /resource/i],
    ["bad batch size", [...pull, ...auth, "--batch-size", "0"], /--batch-size: batch_size must be between/],
    ["missing api key", [...pull], /api_key/],
    [
      "missing push input",
      ["push", "--resource", "job", "--origin", "warehouse_a", "--target", "sqlite::memory:", "--mode", "resources"],
      /--input: is required/
    ],
    [
      "unreadable push input",
      ["push", "--resource", "job", "--origin", "warehouse_a", "--target", "sqlite::memory:", "--mode", "events", "--input", "/nonexistent/events.jsonl"],
      /--input: cannot read/
    ],
    ["unknown formatter id", [...pull, ...auth, "--formatter-id", "fmt_missing", "--state", "sqlite::memory:"], /formatter_id|--formatter-id/]
  ]
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const result = await run(args)
      expect(result.code, result.stderr).toBe(2)
      const lines = result.stderr.trim().split("\n")
      expect(lines).toHaveLength(1)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(result.stderr + result.stdout).not.toContain("s3cr3t-ABC")
    })
  }
})
