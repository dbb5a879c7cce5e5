/**
 * The no-code playground at `/playground`: one HTML page, one stylesheet and one script, served by
 * the same server with a strict Content-Security-Policy (no inline script, no other origin). The
 * script is `playground/Client.ts`: the compiled `Client.js` next to this module when built, or the
 * TypeScript source transpiled once on first request when running from source (tests, `tsx`).
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { readFile } from "node:fs/promises"
import { operators } from "../core/Condition.js"
import { CanonicalCursorMode } from "../core/Cursor.js"
import { resources } from "../core/Resource.js"
import { MappingRule } from "../core/State.js"
import * as Page from "./playground/Page.js"
import * as Styles from "./playground/Styles.js"

/** Security headers of the playground's responses. */
export const securityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store"
}

/** The transforms a mapping rule may name, read from the MappingRule schema. */
const transforms: ReadonlyArray<string> = MappingRule.fields.transform.from.literals

/** The page configuration for a server mode. */
export const config = (options: { readonly apiBase: string; readonly docs: boolean }): Page.Config => ({
  apiBase: options.apiBase,
  docs: options.docs,
  operators: [...operators],
  cursorModes: [...CanonicalCursorMode.literals],
  resources: [...resources],
  transforms: [...transforms]
})

/** Loads the browser script: the compiled file when present, else the transpiled source. */
const loadScript = Effect.tryPromise({
  try: async () => {
    try {
      const compiled = await readFile(new URL("./playground/Client.js", import.meta.url), "utf8")
      return compiled.replace(/\n\/\/# sourceMappingURL=.*$/m, "\n")
    } catch {
      const source = await readFile(new URL("./playground/Client.ts", import.meta.url), "utf8")
      // Only reached when running from source, where the TypeScript compiler is installed.
      const ts = (await import("typescript")) as unknown as { default?: typeof import("typescript") } & typeof import("typescript")
      const compiler = ts.default ?? ts
      return compiler.transpileModule(source, {
        compilerOptions: { target: compiler.ScriptTarget.ES2022, module: compiler.ModuleKind.ESNext }
      }).outputText
    }
  },
  catch: (cause) => new Error(`playground script unavailable: ${cause instanceof Error ? cause.message : String(cause)}`)
})

/** Routes of the playground: the page and its two assets. */
export const layer = (pageConfig: Page.Config): Layer.Layer<never> =>
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function* () {
      const html = Page.render(pageConfig)
      const script = yield* Effect.cached(Effect.orDie(loadScript))
      yield* router.get("/playground", Effect.succeed(HttpServerResponse.html(html).pipe(HttpServerResponse.setHeaders(securityHeaders))))
      yield* router.get(
        "/playground/app.css",
        Effect.succeed(HttpServerResponse.text(Styles.css, { contentType: "text/css; charset=utf-8", headers: securityHeaders }))
      )
      yield* router.get(
        "/playground/app.js",
        Effect.map(script, (js) => HttpServerResponse.text(js, { contentType: "text/javascript; charset=utf-8", headers: securityHeaders }))
      )
    })
  )
