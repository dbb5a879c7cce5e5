/**
 * The little XML a job feed needs: escaped text, CDATA sections that survive `]]>`, and the removal
 * of characters XML 1.0 cannot carry at all (a single one would make the whole feed unreadable).
 */

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; lone surrogates are not characters.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Drops the characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE, U+FFFF). */
export const sanitize = (text: string): string => text.replace(notXmlChar, "")

const entities: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" }

/** Escapes text for element content or attribute values (`& < > " '`). */
export const escape = (text: string): string => sanitize(text).replace(/[&<>"']/g, (c) => entities[c]!)

/**
 * Wraps text in a CDATA section. A CDATA section cannot contain `]]>`, so the text is split there into
 * two sections (`]]` ends the first, `>` starts the second): a parser joins them back into the same text.
 */
export const cdata = (text: string): string => `<![CDATA[${sanitize(text).replaceAll("]]>", "]]]]><![CDATA[>")}]]>`

/** An element with escaped text content. */
export const element = (name: string, text: string): string => `<${name}>${escape(text)}</${name}>`

/** An element whose content is a CDATA section. */
export const cdataElement = (name: string, text: string): string => `<${name}>${cdata(text)}</${name}>`

/** The XML declaration of a UTF-8 document. */
export const declaration = '<?xml version="1.0" encoding="utf-8"?>'
