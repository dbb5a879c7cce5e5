/**
 * Boolean flags that also take a value, as the original project's CLI did (`--dry-run True`):
 * `--flag`, `--flag true|false|True|False|1|0|yes|no|on|off` and `--flag=VALUE` all work. @effect/cli
 * knows only the lower-case words, so argv is normalised before it parses: a true value leaves the
 * bare flag, a false one removes it.
 */
import * as Options from "@effect/cli/Options"
import * as Either from "effect/Either"
import { CliUsage } from "./Errors.js"

const registered = new Set<string>()

/** A boolean flag (`--name`) that also accepts an explicit value; see the module comment. */
export const boolean = (name: string, description: string): Options.Options<boolean> => {
  registered.add(`--${name}`)
  return Options.boolean(name).pipe(Options.withDescription(`${description} (also --${name} true|false)`))
}

const values: Readonly<Record<string, boolean>> = {
  true: true,
  "1": true,
  yes: true,
  y: true,
  on: true,
  false: false,
  "0": false,
  no: false,
  n: false,
  off: false
}

/** The boolean a flag value spells, whatever its case; undefined when it spells none. */
export const parseValue = (text: string): boolean | undefined => values[text.toLowerCase()]

const expected = (flag: string, got: string) => new CliUsage(flag, `expected true or false (True/False, 1/0, yes/no), got ${JSON.stringify(got)}`)

/**
 * Rewrites the boolean flags of an argv (`[node, script, ...args]`) into the bare form @effect/cli
 * parses. A value after a space is taken only when it spells a boolean, so positional arguments
 * after a flag stay what they are; `--flag=VALUE` must spell one.
 */
export const normalise = (argv: ReadonlyArray<string>): Either.Either<ReadonlyArray<string>, CliUsage> => {
  const out: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--") {
      out.push(...argv.slice(i))
      break
    }
    const eq = arg.indexOf("=")
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    if (!registered.has(flag)) {
      out.push(arg)
      continue
    }
    let value: boolean = true
    if (eq > 0) {
      const parsed = parseValue(arg.slice(eq + 1))
      if (parsed === undefined) return Either.left(expected(flag, arg.slice(eq + 1)))
      value = parsed
    } else if (i + 1 < argv.length) {
      const parsed = parseValue(argv[i + 1]!)
      if (parsed !== undefined) {
        value = parsed
        i++
      }
    }
    if (value) out.push(flag)
  }
  return Either.right(out)
}

/**
 * When @effect/cli rejected a word as an unknown argument and that word follows a boolean flag, the
 * word was meant as the flag's value: say so, naming the flag.
 */
export const explainUnknownArgument = (argv: ReadonlyArray<string>, line: string): string => {
  const word = /Received unknown argument: '(.*)'/.exec(line)?.[1]
  if (word === undefined) return line
  const at = argv.findIndex((arg, i) => i > 0 && arg === word && registered.has(argv[i - 1]!))
  return at < 0 ? line : expected(argv[at - 1]!, word).message
}
