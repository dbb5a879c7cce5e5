import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as Option from "effect/Option"
import * as Link from "../../src/http/Link.js"

describe("Link header", () => {
  it("parses Greenhouse's next/last links", () => {
    const header =
      '<https://harvest.greenhouse.io/v1/candidates?page=2&per_page=100>; rel="next", <https://harvest.greenhouse.io/v1/candidates?page=9&per_page=100>; rel="last"'
    expect(Link.parse(header)).toEqual([
      { url: "https://harvest.greenhouse.io/v1/candidates?page=2&per_page=100", rel: ["next"], params: { rel: "next" } },
      { url: "https://harvest.greenhouse.io/v1/candidates?page=9&per_page=100", rel: ["last"], params: { rel: "last" } }
    ])
    expect(Link.find(header, "next")).toEqual(Option.some("https://harvest.greenhouse.io/v1/candidates?page=2&per_page=100"))
    expect(Link.find(header, "prev")).toEqual(Option.none())
  })

  it("handles commas and semicolons inside targets, quoted values, unquoted rel, several rels, odd spacing", () => {
    const header = '<https://x.test/a?q=1,2;3>;rel=next;title="a, \\"quoted\\"; title" ,\t<https://x.test/b>; REL="Prev First"; anchor="#x", <https://x.test/c>'
    const links = Link.parse(header)
    expect(links.map((l) => l.url)).toEqual(["https://x.test/a?q=1,2;3", "https://x.test/b", "https://x.test/c"])
    expect(links[0]!.rel).toEqual(["next"])
    expect(links[0]!.params.title).toBe('a, "quoted"; title')
    expect(links[1]!.rel).toEqual(["prev", "first"])
    expect(links[2]!.rel).toEqual([])
    expect(Link.find(header, "first")).toEqual(Option.some("https://x.test/b"))
  })

  it("resolves relative targets and skips malformed entries", () => {
    expect(Link.find('</v1/jobs?page=3>; rel="next"', "next", "https://api.test/v1/jobs?page=2")).toEqual(Option.some("https://api.test/v1/jobs?page=3"))
    const header = 'garbage; rel="next", <https://ok.test/2>; rel="next"'
    expect(Link.find(header, "next")).toEqual(Option.some("https://ok.test/2"))
    expect(Link.parse("")).toEqual([])
    expect(Link.parse("<unterminated; rel=next")).toEqual([])
    expect(Link.find(undefined, "next")).toEqual(Option.none())
  })

  it("round-trips what `format` writes", () => {
    const url = FastCheck.webUrl({ withQueryParameters: true }).filter((u) => !u.includes(">"))
    const rel = FastCheck.constantFrom("next", "prev", "last", "first", "next last")
    FastCheck.assert(
      FastCheck.property(FastCheck.array(FastCheck.record({ url, rel }), { maxLength: 6 }), (links) => {
        const parsed = Link.parse(Link.format(links))
        expect(parsed.map((l) => ({ url: l.url, rel: l.rel.join(" ") }))).toEqual(links)
      }),
      { numRuns: 200 }
    )
  })
})
