/**
 * The `hrtech-etl` program: parses argv, runs a command, prints one line on error and exits with
 * 0 (success), 1 (failed run or failed records) or 2 (bad input).
 */
import * as Command from "@effect/cli/Command"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Cause from "effect/Cause"
import type * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { createRequire } from "node:module"
import * as Color from "./Color.js"
import { commands, Finished } from "./Commands.js"
import * as Errors from "./Errors.js"
import { failuresCommand } from "./Failures.js"
import * as Flags from "./Flags.js"
import * as Output from "./Output.js"
import { serveCommand } from "./Serve.js"
import { syncsCommand } from "./Syncs.js"
import { workerCommand } from "./Worker.js"

const version = (createRequire(import.meta.url)("../../package.json") as { version: string }).version

/** The `hrtech-etl` command tree. */
export const root = Command.make("hrtech-etl").pipe(
  Command.withDescription("Move HR-tech jobs and profiles between ATS, CRM, job boards, HCM systems, databases and files."),
  Command.withSubcommands([...commands, failuresCommand, serveCommand, syncsCommand, workerCommand])
)

const cli = Command.run(root, { name: "hrtech-etl", version })

// What @effect/cli needs from the platform; NodeContext would also load a process spawner and worker pool nothing uses.
const platform = Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeTerminal.layer)

/** Runs the CLI with the given argv and resolves with the exit code. */
export const run = async (rawArgv: ReadonlyArray<string>): Promise<number> => {
  const normalised = Flags.normalise(rawArgv)
  if (Either.isLeft(normalised)) {
    Output.err(`hrtech-etl: ${normalised.left.message}`)
    return Errors.BAD_INPUT
  }
  const argv = normalised.right
  // @effect/cli prints parse errors itself without naming the flag; the CLI prints its own one line.
  // Its help is ANSI-styled: plain text unless stdout takes colours (see Color).
  const plain = !Color.enabled(process.stdout)
  const log =
    (target: Console.Console) =>
    (...args: ReadonlyArray<unknown>) =>
      target.log(...args.map((arg) => (typeof arg === "string" ? Color.strip(arg) : arg)))
  const cliConsole = (console: Console.Console): Console.Console =>
    new Proxy(console, {
      get: (target, key) => (key === "error" ? () => Effect.void : key === "log" && plain ? log(target) : Reflect.get(target, key))
    })
  const program = Effect.consoleWith((console) => Effect.withConsole(cli(argv), cliConsole(console)))
  const exit = await Effect.runPromiseExit(program.pipe(Effect.provide(platform)))
  if (Exit.isSuccess(exit)) return Errors.OK
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) {
    if (failure.value instanceof Finished) return failure.value.code
    const { line, code } = Errors.report(failure.value)
    if (line !== "") Output.err(Color.forStream(process.stderr, `hrtech-etl: ${Flags.explainUnknownArgument(rawArgv, line)}`))
    return code
  }
  if (Cause.isInterruptedOnly(exit.cause)) return 130
  const defect = Cause.squash(exit.cause)
  Output.err(`hrtech-etl: internal error: ${defect instanceof Error ? defect.message : String(defect)}`)
  return Errors.RUN_FAILED
}
