import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { Xml } from "../../../src/connectors/feed/index.js"

// Minimal readers of exactly what an XML parser does with these two constructs.
const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[name]!)
const readCdata = (text: string) => {
  const sections = /^(?:<!\[CDATA\[([\s\S]*?)\]\]>)+$/.test(text) ? [...text.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)] : undefined
  return sections?.map((m) => m[1]).join("")
}

const textArb = FastCheck.oneof(
  FastCheck.string({ unit: "binary" }),
  FastCheck.array(FastCheck.constantFrom("]]>", "]", "]]", ">", "<![CDATA[", "&amp;", "<", "&", '"', "'", "é", "😀", "\u0000", "\uD800", "\t", "\n")).map(
    (parts) => parts.join("")
  )
)

describe("Xml", () => {
  it("escapes the five special characters", () => {
    expect(Xml.escape(`a & b < c > d " e ' f`)).toBe("a &amp; b &lt; c &gt; d &quot; e &apos; f")
    expect(Xml.element("t", "x&y")).toBe("<t>x&amp;y</t>")
  })

  it("splits a CDATA section where the text holds ]]>", () => {
    expect(Xml.cdata("a]]>b")).toBe("<![CDATA[a]]]]><![CDATA[>b]]>")
    expect(Xml.cdata("]]>]]>")).toBe("<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>")
  })

  it("drops characters XML 1.0 forbids and keeps the rest (astral characters included)", () => {
    expect(Xml.sanitize("a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFFg\uD800h\uDC00i")).toBe("abcdefghi")
    expect(Xml.sanitize("tab\tnl\ncr\r é 日本 😀 \uE000")).toBe("tab\tnl\ncr\r é 日本 😀 \uE000")
  })

  it("escaped text and CDATA sections read back as the (sanitized) text (property)", () => {
    FastCheck.assert(
      FastCheck.property(textArb, (text) => {
        const clean = Xml.sanitize(text)
        const escaped = Xml.escape(text)
        expect(escaped).not.toMatch(/[<>"']/)
        expect(unescape(escaped)).toBe(clean)
        expect(readCdata(Xml.cdata(text))).toBe(clean)
        expect(Xml.sanitize(clean)).toBe(clean)
      }),
      { numRuns: 500 }
    )
  })
})
