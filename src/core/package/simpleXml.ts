/**
 * A small, strict XML parser for the package's own small documents (Origin.xml, DacMetadata.xml, _rels/.rels,
 * [Content_Types].xml). It builds a tree of elements with attributes and text; it rejects what these documents
 * never contain (DTDs) and anything malformed. Not meant for model.xml, which is large and streamed elsewhere.
 */
import { replaceEach } from '../model/xml/replaceEach';
import { findNonXmlChar } from '../model/xml/xmlText';

/** These documents nest three or four levels; far deeper is hostile (the tree's readers recurse). */
const maxElementDepth = 64;
/** _rels/.rels has two elements per data part; more than this many elements is no bacpac's (and bounds the tree). */
const maxElements = 200_000;
/** These documents' elements have at most a few attributes. */
const maxAttributes = 64;

export interface XmlElement {
  /** Qualified name as written (`prefix:local` or `local`). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element (line ends normalised to \n, entities decoded). */
  text: string;
}

export class XmlParseError extends Error {
  override readonly name = 'XmlParseError';
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

function decodeEntities(raw: string, at: number): string {
  if (!raw.includes('&')) return raw;
  return replaceEach(raw, /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);|&/g, ([m, body]: (string | undefined)[]) => {
    if (body === undefined) throw new XmlParseError(`Bare "&" near offset ${at}`);
    switch (body) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    if (body.startsWith('#')) {
      const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      const ch = code <= 0x10ffff ? String.fromCodePoint(code) : '';
      if (ch === '' || findNonXmlChar(ch)) throw new XmlParseError(`Character reference ${m} near offset ${at} is not an XML character`);
      return ch;
    }
    throw new XmlParseError(`Unknown entity ${m} near offset ${at}`);
  });
}

/** Parses a whole document (a leading BOM is allowed) and returns its root element. */
export function parseXml(input: string | Buffer): XmlElement {
  let s: string;
  try {
    s = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new XmlParseError('The document is not valid UTF-8');
  }
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  const bad = findNonXmlChar(s);
  if (bad) throw new XmlParseError(`Character ${bad.codePoint} at offset ${bad.offset} is not allowed in XML`);
  s = s.replace(/\r\n?/g, '\n');
  let i = 0;
  const stack: XmlElement[] = [];
  let elementCount = 0;
  let root: XmlElement | undefined;

  const fail = (msg: string): never => {
    throw new XmlParseError(`${msg} at offset ${i}`);
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(s);
    if (!m) fail('Expected a name');
    i += (m as RegExpExecArray)[0].length;
    return (m as RegExpExecArray)[0];
  };
  const skipSpace = (): void => {
    for (let c = s.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d; c = s.charCodeAt(++i));
  };

  while (i < s.length) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    if (c0 !== 0x3c) {
      const end = s.indexOf('<', i);
      const raw = s.slice(i, end < 0 ? s.length : end);
      if (stack.length === 0) {
        if (raw.trim() !== '') fail('Text outside the root element');
      } else {
        stack[stack.length - 1].text += decodeEntities(raw, i);
      }
      i = end < 0 ? s.length : end;
    } else if (c1 !== 0x3f && c1 !== 0x21 && c1 !== 0x2f) {
      i++;
      const el: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
      let attributeCount = 0;
      for (;;) {
        skipSpace();
        if (s[i] === '>' || s.startsWith('/>', i)) break;
        const attr = readName();
        skipSpace();
        if (s[i] !== '=') fail('Expected "="');
        i++;
        skipSpace();
        const quote = s[i];
        if (quote !== '"' && quote !== "'") fail('Expected a quoted attribute value');
        const end = s.indexOf(quote, i + 1);
        if (end < 0) fail('Unterminated attribute value');
        const raw = s.slice(i + 1, end);
        if (raw.includes('<')) fail('"<" in attribute value');
        if (attr in el.attributes) fail(`Duplicate attribute ${attr}`);
        if (++attributeCount > maxAttributes) fail(`More than ${maxAttributes} attributes on one element`);
        el.attributes[attr] = decodeEntities(raw, i);
        i = end + 1;
      }
      if (++elementCount > maxElements) fail(`More than ${maxElements} elements`);
      if (stack.length > 0) stack[stack.length - 1].children.push(el);
      else if (root) fail('More than one root element');
      else root = el;
      if (s.startsWith('/>', i)) {
        i += 2;
      } else {
        i++;
        if (stack.length >= maxElementDepth) fail(`Elements are nested more than ${maxElementDepth} levels deep`);
        stack.push(el);
      }
    } else if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i);
      if (end < 0) fail('Unterminated processing instruction');
      i = end + 2;
    } else if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i);
      if (end < 0) fail('Unterminated comment');
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) fail('Misplaced CDATA section');
      stack[stack.length - 1].text += s.slice(i + 9, end);
      i = end + 3;
    } else if (s.startsWith('<!', i)) {
      fail('DTDs are not allowed');
    } else {
      // "</": the only case left
      i += 2;
      const name = readName();
      skipSpace();
      if (s[i] !== '>') fail('Expected ">"');
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) fail(`Mismatched end tag </${name}>`);
    }
  }
  if (stack.length > 0) fail(`Unclosed element <${stack[stack.length - 1].name}>`);
  if (!root) fail('No root element');
  return root as XmlElement;
}

/** Local part of a qualified name. */
export function localName(el: XmlElement): string {
  const c = el.name.indexOf(':');
  return c < 0 ? el.name : el.name.slice(c + 1);
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => localName(c) === name);
}

export function childText(el: XmlElement | undefined, name: string): string | undefined {
  return child(el, name)?.text;
}

/** Escapes text content the way .NET's XmlWriter does (&, <, >). */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escapes an attribute value (double-quoted), as XmlWriter does. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}
