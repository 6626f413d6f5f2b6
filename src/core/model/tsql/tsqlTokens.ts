/**
 * A small T-SQL tokenizer: enough to find the structure of a module header without being fooled by comments
 * (`--`, nested `/* … *\/`), strings ('…', N'…' with '' escapes), quoted names ([…] with ]] escapes, "…") or
 * variables. Every token keeps its source offsets, so callers can cut the original text exactly.
 */

export type TokenKind = 'word' | 'quoted' | 'variable' | 'string' | 'number' | 'symbol' | 'comment' | 'space';

export interface Token {
  kind: TokenKind;
  /** Offsets into the source: text = source.slice(start, end). */
  start: number;
  end: number;
  text: string;
}

function isWordStart(c: string): boolean {
  return /[A-Za-z_#\u0080-\uFFFF]/.test(c);
}

function isWordPart(c: string): boolean {
  return /[A-Za-z0-9_#$@\u0080-\uFFFF]/.test(c);
}

/** Splits T-SQL into tokens. Unterminated strings, names and comments run to the end of the text. */
export function tokenizeTsql(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  const push = (kind: TokenKind, start: number, end: number): void => {
    tokens.push({ kind, start, end, text: source.slice(start, end) });
  };
  while (i < n) {
    const c = source[i];
    const start = i;
    if (/\s/.test(c)) {
      while (i < n && /\s/.test(source[i])) i++;
      push('space', start, i);
    } else if (c === '-' && source[i + 1] === '-') {
      while (i < n && source[i] !== '\n' && source[i] !== '\r') i++;
      push('comment', start, i);
    } else if (c === '/' && source[i + 1] === '*') {
      // T-SQL block comments nest.
      let depth = 0;
      while (i < n) {
        if (source[i] === '/' && source[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (source[i] === '*' && source[i + 1] === '/') {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      push('comment', start, i);
    } else if (c === "'" || ((c === 'N' || c === 'n') && source[i + 1] === "'")) {
      i = skipQuoted(source, c === "'" ? i : i + 1, "'");
      push('string', start, i);
    } else if (c === '[') {
      i = skipQuoted(source, i, ']');
      push('quoted', start, i);
    } else if (c === '"') {
      i = skipQuoted(source, i, '"');
      push('quoted', start, i);
    } else if (c === '@') {
      i++;
      while (i < n && isWordPart(source[i])) i++;
      push('variable', start, i);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      while (i < n && /[0-9.eE]/.test(source[i])) i++;
      push('number', start, i);
    } else if (isWordStart(c)) {
      while (i < n && isWordPart(source[i])) i++;
      push('word', start, i);
    } else {
      i++;
      push('symbol', start, i);
    }
  }
  return tokens;
}

/** Skips a quoted run starting at `open` (the opening quote); a doubled closing quote is an escape. */
function skipQuoted(source: string, open: number, close: string): number {
  let i = open + 1;
  while (i < source.length) {
    if (source[i] === close) {
      if (source[i + 1] === close) i += 2;
      else return i + 1;
    } else i++;
  }
  return source.length;
}

/** Tokens that carry meaning (no white space, no comments). */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

export function isKeyword(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && words.includes(t.text.toUpperCase());
}

/** The name a word or quoted token stands for: brackets/quotes removed and escapes undone. */
export function identifierValue(t: Token): string {
  if (t.kind === 'quoted') {
    const q = t.text[0] === '[' ? ']' : '"';
    const inner = t.text.endsWith(q) && t.text.length >= 2 ? t.text.slice(1, -1) : t.text.slice(1);
    return inner.split(q + q).join(q);
  }
  return t.text;
}

export function isIdentifier(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted');
}
