/**
 * Records the answers `FastPath` gives: runs each informational command once through the full CLI
 * (`Main.run`, in this process) and keeps what it printed. `scripts/build-cli.mjs` calls it from
 * `npm run build`; the CLI tests compare every recorded answer with a fresh full run.
 */
import * as Color from "./Color.js"
import * as FastPath from "./FastPath.js"
import * as Main from "./Main.js"

/** Command paths (`["syncs", "add"]`) as the root help lists them, so the manifest follows the real command tree. */
export const commandPaths = (rootHelp: string): ReadonlyArray<ReadonlyArray<string>> =>
  Color.strip(rootHelp)
    .split("\n")
    .flatMap((line) => {
      const entry = /^\s+- (.*)$/.exec(line)?.[1]
      if (entry === undefined) return []
      const words = entry.split(/\s+/)
      const end = words.findIndex((word) => !/^[a-z][a-z0-9-]*$/.test(word))
      return [end < 0 ? words : words.slice(0, end)]
    })

/**
 * Runs the full CLI on `args` in this process, colours on or off, capturing stdout and stderr. With
 * colours on, the answer also carries the plain stdout (the full CLI prints it so without colours).
 */
export const capture = async (args: ReadonlyArray<string>, colours: boolean = true): Promise<FastPath.Answer> => {
  const written = { stdout: "", stderr: "" }
  const original = { stdout: process.stdout.write, stderr: process.stderr.write, force: process.env.FORCE_COLOR }
  const into = (stream: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array) => {
      written[stream] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")
      return true
    }) as typeof process.stdout.write
  process.env.FORCE_COLOR = colours ? "1" : "0"
  process.stdout.write = into("stdout")
  process.stderr.write = into("stderr")
  try {
    const code = await Main.run(["node", "hrtech-etl", ...args])
    const plain = Color.strip(written.stdout)
    return { stdout: plain, stderr: written.stderr, code, ...(plain !== written.stdout ? { stdoutAnsi: written.stdout } : {}) }
  } finally {
    process.stdout.write = original.stdout
    process.stderr.write = original.stderr
    if (original.force === undefined) delete process.env.FORCE_COLOR
    else process.env.FORCE_COLOR = original.force
  }
}

/** Records every fast-path answer; `inputs` is the build digest stored with them. */
export const generate = async (inputs: string): Promise<FastPath.Manifest> => {
  const answers: Record<string, FastPath.Answer> = {}
  const record = async (args: ReadonlyArray<string>) => {
    answers[FastPath.keyOf(args)] = await capture(args)
  }
  for (const args of FastPath.fixedForms) await record(args)
  for (const path of commandPaths(answers[FastPath.keyOf(["--help"])]!.stdout)) await record([...path, "--help"])
  return { inputs, answers }
}
