/**
 * A small, strict, push-based XML 1.0 tokenizer: feed it chunks (strings or UTF-8 bytes) with `write`, finish with
 * `end`, and it calls a handler per start tag, end tag and piece of text. It holds only the unfinished token, so a
 * large model.xml can stream through it.
 *
 * Strict means: one root element, matching tags, no duplicate attributes, only the five predefined entities and
 * character references to XML characters, no raw `<` in attribute values, no `]]>` in text, the XML declaration
 * only at the very start, and no DTD at all (model.xml never has one, and refusing it rules out entity expansion).
 * Line breaks are normalised (CRLF and CR to LF) and attribute whitespace to spaces, as XML 1.0 §2.11 and §3.3.3
 * require, so what comes out is what any conforming reader (DacFx's included) sees.
 */
import { BackupError } from '../../errors';
import { replaceEach } from './replaceEach';
import { findNonXmlChar } from './xmlText';

export interface XmlHandler {
  startElement(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  endElement(name: string): void;
  /** Character data: decoded text and CDATA content, in document order (may come in several pieces). */
  text(text: string): void;
}

/** model.xml nests about a dozen levels; far deeper is hostile (every reader of the tree recurses). */
export const maxElementDepth = 256;
/** model.xml's elements have a handful of attributes; thousands are hostile (each costs an object slot). */
const maxAttributes = 256;

const predefinedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const namePattern = /^[A-Za-z_:\u00C0-\uFFFF][\w.\-:\u00B7\u00C0-\uFFFF]*$/;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export class XmlTokenizer {
  private buf = '';
  private pos = 0;
  /** Absolute offset of buf[0] in the whole document, for error messages. */
  private base = 0;
  private readonly openElements: string[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private started = false;
  private decoder: TextDecoder | undefined;

  private elements = 0;

  /** `maxElements`: refuse a document with more elements than this (a bound on what a tree of it costs). */
  constructor(private readonly handler: XmlHandler, private readonly limits: { maxElements?: number } = {}) {}

  write(chunk: string | Uint8Array): void {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      this.decoder ??= new TextDecoder('utf-8', { fatal: true });
      try {
        text = this.decoder.decode(chunk, { stream: true });
      } catch (cause) {
        throw new BackupError('format', 'The XML is not valid UTF-8.', { cause });
      }
    }
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM is allowed before the declaration
    }
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.base += this.pos;
    this.pos = 0;
    this.run(false);
  }

  end(): void {
    if (this.decoder) {
      try {
        const rest = this.decoder.decode();
        if (rest) this.write(rest);
      } catch (cause) {
        throw new BackupError('format', 'The XML is not valid UTF-8.', { cause });
      }
    }
    this.run(true);
    if (this.pos < this.buf.length) this.fail('the document ends inside a tag, comment or CDATA section');
    if (this.openElements.length > 0) this.fail(`<${this.openElements[this.openElements.length - 1]}> is never closed`);
    if (!this.rootSeen) this.fail('there is no root element');
  }

  private fail(what: string, at = this.pos): never {
    throw new BackupError('format', `The XML is not well-formed at offset ${this.base + at}: ${what}.`);
  }

  /** Consumes every complete token in the buffer; stops at an incomplete one unless `final`. */
  private run(final: boolean): void {
    const buf = this.buf;
    while (this.pos < buf.length) {
      const start = this.pos;
      if (buf.charCodeAt(start) !== 0x3c /* < */) {
        let lt = buf.indexOf('<', start);
        if (lt < 0) {
          if (!final) return;
          lt = buf.length;
        }
        this.onText(buf.slice(start, lt), start);
        this.pos = lt;
        continue;
      }
      if (buf.startsWith('<!--', start)) {
        const close = buf.indexOf('-->', start + 4);
        if (close < 0) return;
        if (buf.slice(start + 4, close).includes('--')) this.fail('"--" inside a comment', start);
        this.pos = close + 3;
      } else if (buf.startsWith('<![CDATA[', start)) {
        const close = buf.indexOf(']]>', start + 9);
        if (close < 0) return;
        if (this.openElements.length === 0) this.fail('CDATA outside the root element', start);
        this.emitCData(buf.slice(start + 9, close), start + 9);
        this.pos = close + 3;
      } else if (buf.startsWith('<?', start)) {
        const close = buf.indexOf('?>', start + 2);
        if (close < 0) return;
        this.onProcessingInstruction(buf.slice(start + 2, close), start);
        this.pos = close + 2;
      } else if (buf.startsWith('<!', start)) {
        if (buf.length - start < 9 && !final) return;
        this.fail('DTDs and other declarations are not accepted', start);
      } else if (buf.startsWith('</', start)) {
        const close = buf.indexOf('>', start + 2);
        if (close < 0) return;
        this.onEndTag(buf.slice(start + 2, close).trimEnd(), start);
        this.pos = close + 1;
      } else {
        const end = this.parseStartTag(start);
        if (end < 0) return;
        this.pos = end;
      }
    }
  }

  private onProcessingInstruction(body: string, at: number): void {
    const target = /^[^\s]+/.exec(body)?.[0] ?? '';
    if (target.toLowerCase() !== 'xml') {
      if (!namePattern.test(target)) this.fail('a processing instruction without a target', at);
      return;
    }
    if (target !== 'xml' || this.base + at !== 0) this.fail('the XML declaration is only allowed at the very start', at);
    if (!/^xml\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(body)) this.fail('the XML declaration has no version', at);
    const encoding = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(body)?.[2];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) this.fail(`encoding "${encoding}" is not supported (only UTF-8)`, at);
  }

  private onText(raw: string, at: number): void {
    if (this.openElements.length === 0) {
      if (/[^ \t\r\n]/.test(raw)) this.fail('text outside the root element', at);
      return;
    }
    if (raw.includes(']]>')) this.fail('"]]>" in text', at + raw.indexOf(']]>'));
    this.handler.text(this.decodeReferences(raw, at));
  }

  private emitCData(raw: string, at: number): void {
    const bad = findNonXmlChar(raw);
    if (bad) this.fail(`character ${bad.codePoint} is not allowed in XML`, at + bad.offset);
    this.handler.text(normaliseLineBreaks(raw));
  }

  /** Checks the characters, normalises line breaks (on the raw text, so &#xD; survives), decodes references. */
  private decodeReferences(raw: string, at: number): string {
    const bad = findNonXmlChar(raw);
    if (bad) this.fail(`character ${bad.codePoint} is not allowed in XML`, at + bad.offset);
    const text = normaliseLineBreaks(raw);
    return text.includes('&') ? this.replaceReferences(text, at) : text;
  }

  private replaceReferences(text: string, at: number): string {
    return replaceEach(text, /&([^;&<]*);?/g, ([whole, ref]) => {
      if (!whole.endsWith(';')) this.fail('"&" that does not start an entity or character reference', at);
      if (ref.startsWith('#')) {
        const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        const valid = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.test(ref) && code <= 0x10ffff;
        const ch = valid ? String.fromCodePoint(code) : '';
        if (!valid || findNonXmlChar(ch)) this.fail(`character reference &${ref}; is not an XML character`, at);
        return ch;
      }
      const replacement = predefinedEntities[ref];
      if (replacement === undefined) this.fail(`unknown entity &${ref};`, at);
      return replacement;
    });
  }

  private onEndTag(name: string, at: number): void {
    const open = this.openElements.pop();
    if (open === undefined) this.fail(`</${name}> without a start tag`, at);
    if (open !== name) this.fail(`</${name}> closes <${open}>`, at);
    if (this.openElements.length === 0) this.rootClosed = true;
    this.handler.endElement(name);
  }

  /** Parses `<name attr="v" …>` or `…/>` starting at `start`; returns the offset after it, or -1 if incomplete. */
  private parseStartTag(start: number): number {
    const buf = this.buf;
    const n = buf.length;
    let i = start + 1;
    let c = 0;
    while (i < n && !isSpace((c = buf.charCodeAt(i))) && c !== 0x3e /* > */ && c !== 0x2f /* / */) i++;
    if (i >= n) return -1;
    const name = buf.slice(start + 1, i);
    if (!namePattern.test(name)) this.fail(`"<${name}" is not a valid tag`, start);
    const attributes: Record<string, string> = {};
    let attributeCount = 0;
    for (;;) {
      const afterValue = i;
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return -1;
      c = buf.charCodeAt(i);
      if (c === 0x3e || c === 0x2f) {
        let selfClosing = false;
        if (c === 0x2f) {
          if (i + 1 >= n) return -1;
          if (buf.charCodeAt(i + 1) !== 0x3e) this.fail('"/" not followed by ">"', i);
          selfClosing = true;
          i++;
        }
        this.onStartTag(name, attributes, selfClosing, start);
        return i + 1;
      }
      if (i === afterValue) this.fail('attributes must be separated by white space', i);
      const nameStart = i;
      while (i < n && !isSpace((c = buf.charCodeAt(i))) && c !== 0x3d /* = */ && c !== 0x3e && c !== 0x2f) i++;
      if (i >= n) return -1;
      const attrName = buf.slice(nameStart, i);
      if (!namePattern.test(attrName)) this.fail(`"${attrName}" is not a valid attribute name`, nameStart);
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return -1;
      if (buf.charCodeAt(i) !== 0x3d) this.fail(`attribute ${attrName} has no value`, i);
      i++;
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return -1;
      const quote = buf[i];
      if (quote !== '"' && quote !== "'") this.fail(`the value of ${attrName} is not quoted`, i);
      const close = buf.indexOf(quote, i + 1);
      if (close < 0) return -1;
      const raw = buf.slice(i + 1, close);
      if (raw.includes('<')) this.fail(`"<" in the value of ${attrName}`, i);
      if (attrName === '__proto__' || Object.prototype.hasOwnProperty.call(attributes, attrName)) {
        this.fail(`attribute ${attrName} appears twice or is not allowed`, nameStart);
      }
      if (++attributeCount > maxAttributes) this.fail(`an element has more than ${maxAttributes} attributes`, nameStart);
      attributes[attrName] = this.decodeAttribute(raw, i);
      i = close + 1;
    }
  }

  /** §3.3.3: literal white space becomes a space; references (&#xA;) keep their character. */
  private decodeAttribute(raw: string, at: number): string {
    if (!/[&\r\n\t]/.test(raw)) {
      const bad = findNonXmlChar(raw);
      if (bad) this.fail(`character ${bad.codePoint} is not allowed in XML`, at + bad.offset);
      return raw;
    }
    return this.decodeReferences(normaliseLineBreaks(raw).replace(/[\t\n]/g, ' '), at);
  }

  private onStartTag(name: string, attributes: Record<string, string>, selfClosing: boolean, at: number): void {
    if (this.openElements.length === 0) {
      if (this.rootClosed) this.fail(`a second root element <${name}>`, at);
      this.rootSeen = true;
    }
    if (++this.elements > (this.limits.maxElements ?? Infinity)) this.fail(`there are more than ${this.limits.maxElements} elements`, at);
    this.handler.startElement(name, attributes, selfClosing);
    if (selfClosing) {
      if (this.openElements.length === 0) this.rootClosed = true;
      this.handler.endElement(name);
    } else {
      if (this.openElements.length >= maxElementDepth) this.fail(`elements are nested more than ${maxElementDepth} levels deep`, at);
      this.openElements.push(name);
    }
  }
}

function normaliseLineBreaks(text: string): string {
  const cr = text.indexOf('\r');
  if (cr < 0) return text;
  // The common case between tags: one CRLF and indentation.
  if (cr === 0 && text.charCodeAt(1) === 0x0a && text.indexOf('\r', 2) < 0) return text.slice(1);
  return text.replace(/\r\n?/g, '\n');
}
