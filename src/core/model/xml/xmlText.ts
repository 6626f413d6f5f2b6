/**
 * Escaping for the XML text model.xml is made of (spec §4.1): attribute values, CDATA sections, and the check
 * that text is XML 1.0 at all (spec §7 pitfall 13).
 */

/**
 * Matches the first code point XML 1.0 cannot carry, even as a character reference: control characters other
 * than tab, CR and LF, lone surrogates, U+FFFE and U+FFFF (XML 1.0 §2.2 `Char`).
 */
const notXmlChar = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** A cheap superset of `notXmlChar` (no u flag): surrogates pass it when paired, so only a hit needs the exact check. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const maybeNotXmlChar = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** The first character XML 1.0 cannot carry, as `U+XXXX` with its offset, or undefined when all are fine. */
export function findNonXmlChar(text: string): { offset: number; codePoint: string } | undefined {
  if (!maybeNotXmlChar.test(text)) return undefined;
  const m = notXmlChar.exec(text);
  if (!m) return undefined;
  const code = m[0].codePointAt(0) ?? 0;
  return { offset: m.index, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` };
}

const attributeEscapes: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#xD;', '\n': '&#xA;', '\t': '&#x9;',
};

/**
 * An attribute value as DacFx writes it: the five markup characters as entities, and CR, LF and tab as character
 * references so an XML reader gives them back instead of normalising them to spaces (HeaderContents, §4.4).
 */
export function escapeAttribute(value: string): string {
  return /[&<>"\r\n\t]/.test(value) ? value.replace(/[&<>"\r\n\t]/g, (c) => attributeEscapes[c]) : value;
}

/**
 * Script text as one or more CDATA sections. Line breaks become CRLF like the rest of the file (an XML reader
 * turns every line break into LF anyway, so nothing is lost); a `]]>` inside the text is split across two
 * sections, which readers join back.
 */
export function cdata(text: string): string {
  const crlf = text.replace(/\r\n|\r|\n/g, '\r\n');
  return `<![CDATA[${crlf.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}
