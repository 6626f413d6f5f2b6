/**
 * Splits a module definition (sys.sql_modules.definition) the way DacFx stores it in model.xml (spec §4.4):
 * HeaderContents runs from the start of the text (leading comments included) to the `AS` that ends the CREATE
 * header, or for inline table-valued functions to the `RETURN` after it; the body is the rest, except that a view's
 * or inline function's final `;` goes to FooterContents. Checked against every module in fixtures B and D:
 * header + body + footer = the definition, CreateOffset = where CREATE starts.
 *
 * It also reads what model.xml needs from the header: parameters, a scalar function's return type, a
 * multi-statement function's return table variable and columns.
 */
import { BackupError } from '../../errors';
import type { ModuleColumn, ModuleKind, ModuleParameter, SqlType } from '../types';
import { identifierValue, isIdentifier, isKeyword, significant, tokenizeTsql, type Token } from './tsqlTokens';
import { parseTypeAt, type TypeLookup } from './typeSyntax';

export interface ModuleSplit {
  header: string;
  body: string;
  footer: string;
  /** Offset of the CREATE keyword in the header. */
  createOffset: number;
}

export interface ModuleHeaderInfo extends ModuleSplit {
  parameters: ModuleParameter[];
  returnType?: SqlType;
  /** Multi-statement table-valued functions: `@table` of `RETURNS @table TABLE (…)`. */
  returnTableVariable?: string;
  /** Multi-statement table-valued functions: the columns of the return table. */
  returnColumns?: ModuleColumn[];
}

const kindKeywords: Record<ModuleKind, string[]> = {
  view: ['VIEW'],
  procedure: ['PROC', 'PROCEDURE'],
  scalarFunction: ['FUNCTION'],
  inlineTableFunction: ['FUNCTION'],
  tableFunction: ['FUNCTION'],
  trigger: ['TRIGGER'],
};

const isFunction = (kind: ModuleKind): boolean => kind === 'scalarFunction' || kind === 'inlineTableFunction' || kind === 'tableFunction';

class HeaderReader {
  readonly tokens: Token[];
  i = 0;

  constructor(
    readonly definition: string,
    readonly kind: ModuleKind,
    readonly objectLabel: string,
  ) {
    this.tokens = significant(tokenizeTsql(definition));
  }

  error(what: string): BackupError {
    return new BackupError('unsupported', `The definition of ${this.objectLabel} could not be read: ${what}.`, {
      hint: 'Check that the module compiles on the server; a backup needs its CREATE header to be standard T-SQL.',
    });
  }

  get token(): Token | undefined {
    return this.tokens[this.i];
  }

  /** Index of the token closing the parenthesis opened at `open`. */
  closingParen(open: number): number {
    let depth = 0;
    for (let j = open; j < this.tokens.length; j++) {
      if (this.tokens[j].text === '(') depth++;
      else if (this.tokens[j].text === ')' && --depth === 0) return j;
    }
    throw this.error('a parenthesis is never closed');
  }

  /** CREATE [OR ALTER] <kind> name — leaves `i` after the name. */
  readCreate(): number {
    const create = this.token;
    if (!isKeyword(create, 'CREATE')) throw this.error('it does not start with CREATE');
    this.i++;
    if (isKeyword(this.token, 'OR') && isKeyword(this.tokens[this.i + 1], 'ALTER')) this.i += 2;
    if (!isKeyword(this.token, ...kindKeywords[this.kind])) throw this.error(`CREATE is not followed by ${kindKeywords[this.kind].join(' or ')}`);
    this.i++;
    if (!isIdentifier(this.token)) throw this.error('the object name is missing');
    this.i++;
    while (this.token?.text === '.' && isIdentifier(this.tokens[this.i + 1])) this.i += 2;
    return (create as Token).start;
  }

  /**
   * The token index of the `AS` that ends the header: the first one outside parentheses that does not belong to a
   * parameter (`@p AS int`) or to EXECUTE AS. Functions may leave AS out; then the header ends before BEGIN or
   * RETURN. Returns the index of the last header token.
   */
  findHeaderEnd(): number {
    let depth = 0;
    for (let j = this.i; j < this.tokens.length; j++) {
      const t = this.tokens[j];
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      if (depth !== 0) continue;
      const prev = this.tokens[j - 1];
      if (isKeyword(t, 'AS') && prev.kind !== 'variable' && !isKeyword(prev, 'EXECUTE', 'EXEC')) return j;
      if (isFunction(this.kind) && isKeyword(t, 'BEGIN')) return j - 1;
      if (this.kind === 'inlineTableFunction' && isKeyword(t, 'RETURN')) return j;
    }
    throw this.error('no AS ends the CREATE header');
  }
}

/** Splits a definition into header, body and footer; see the file comment. */
export function splitModuleDefinition(definition: string, kind: ModuleKind, objectLabel: string): ModuleSplit {
  const { header, body, footer, createOffset } = split(new HeaderReader(definition, kind, objectLabel));
  return { header, body, footer, createOffset };
}

function split(reader: HeaderReader): ModuleSplit & { headerEndToken: number; afterName: number } {
  const createOffset = reader.readCreate();
  const afterName = reader.i;
  let end = reader.findHeaderEnd();
  if (reader.kind === 'inlineTableFunction' && !isKeyword(reader.tokens[end], 'RETURN')) {
    if (!isKeyword(reader.tokens[end + 1], 'RETURN')) throw reader.error('an inline function has no RETURN after AS');
    end++;
  }
  const headerEnd = reader.tokens[end].end;
  let footerStart = reader.definition.length;
  const last = reader.tokens[reader.tokens.length - 1];
  if ((reader.kind === 'view' || reader.kind === 'inlineTableFunction') && last.text === ';' && last.start >= headerEnd) footerStart = last.start;
  return {
    header: reader.definition.slice(0, headerEnd),
    body: reader.definition.slice(headerEnd, footerStart),
    footer: reader.definition.slice(footerStart),
    createOffset,
    headerEndToken: end,
    afterName,
  };
}

/** Splits the definition and reads parameters and return type from its header. */
export function readModuleHeader(definition: string, kind: ModuleKind, objectLabel: string, lookup: TypeLookup): ModuleHeaderInfo {
  const reader = new HeaderReader(definition, kind, objectLabel);
  const parts = split(reader);
  const info: ModuleHeaderInfo = { header: parts.header, body: parts.body, footer: parts.footer, createOffset: parts.createOffset, parameters: [] };
  const tokens = reader.tokens;
  if (kind === 'procedure') {
    let from = parts.afterName;
    if (tokens[from]?.text === ';' && tokens[from + 1]?.kind === 'number') from += 2; // numbered procedure
    let to = from;
    let depth = 0;
    while (to < parts.headerEndToken) {
      const t = tokens[to];
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (depth === 0 && isKeyword(t, 'WITH', 'FOR')) break;
      to++;
    }
    if (tokens[from]?.text === '(' && reader.closingParen(from) === to - 1) {
      from++;
      to--;
    }
    info.parameters = readParameters(reader, from, to, lookup);
  } else if (isFunction(kind)) {
    const open = parts.afterName;
    if (tokens[open]?.text !== '(') throw reader.error('the function has no parameter list');
    const close = reader.closingParen(open);
    info.parameters = readParameters(reader, open + 1, close, lookup);
    let r = close + 1;
    if (!isKeyword(tokens[r], 'RETURNS')) throw reader.error('RETURNS is missing');
    r++;
    if (kind === 'scalarFunction') {
      const parsed = parseTypeAt(tokens, r, lookup);
      if (!parsed) throw reader.error(`the return type ${tokens[r]?.text ?? ''} is not a type this backup can carry`);
      info.returnType = parsed.type;
    } else if (kind === 'tableFunction') {
      if (tokens[r]?.kind !== 'variable' || !isKeyword(tokens[r + 1], 'TABLE') || tokens[r + 2]?.text !== '(') {
        throw reader.error('RETURNS @variable TABLE (…) is missing');
      }
      info.returnTableVariable = tokens[r].text;
      info.returnColumns = readTableColumns(reader, r + 2, lookup);
    }
  }
  return info;
}

/** Splits tokens [from, to) at commas outside parentheses. */
function splitTopLevel(tokens: readonly Token[], from: number, to: number): [number, number][] {
  const ranges: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let j = from; j < to; j++) {
    const t = tokens[j].text;
    if (t === '(') depth++;
    else if (t === ')') depth--;
    else if (t === ',' && depth === 0) {
      ranges.push([start, j]);
      start = j + 1;
    }
  }
  if (to > start) ranges.push([start, to]);
  return ranges;
}

function readParameters(reader: HeaderReader, from: number, to: number, lookup: TypeLookup): ModuleParameter[] {
  const tokens = reader.tokens;
  const params: ModuleParameter[] = [];
  for (const [start, end] of splitTopLevel(tokens, from, to)) {
    let j = start;
    if (tokens[j].kind !== 'variable') throw reader.error(`"${tokens[j].text}" is not a parameter name`);
    const param: Partial<ModuleParameter> & { name: string } = { name: tokens[j].text };
    j++;
    if (isKeyword(tokens[j], 'AS')) j++;
    const parsed = parseTypeAt(tokens, j, lookup);
    if (!parsed) throw reader.error(`parameter ${param.name} has type ${tokens[j]?.text ?? '?'}, which this backup cannot carry`);
    param.type = parsed.type;
    j = parsed.next;
    let last = end;
    while (last > j && isKeyword(tokens[last - 1], 'OUT', 'OUTPUT', 'READONLY')) {
      if (isKeyword(tokens[last - 1], 'READONLY')) param.isReadOnly = true;
      else param.isOutput = true;
      last--;
    }
    while (j < last && isKeyword(tokens[j], 'VARYING', 'NULL', 'NOT')) j++;
    if (tokens[j]?.text === '=') {
      if (j + 1 >= last) throw reader.error(`parameter ${param.name} has an empty default`);
      param.defaultExpression = reader.definition.slice(tokens[j + 1].start, tokens[last - 1].end);
    }
    params.push(param as ModuleParameter);
  }
  return params;
}

/** The columns of `TABLE ( … )` whose `(` is at `open`; table constraints and indexes are skipped. */
function readTableColumns(reader: HeaderReader, open: number, lookup: TypeLookup): ModuleColumn[] {
  const tokens = reader.tokens;
  const close = reader.closingParen(open);
  const columns: ModuleColumn[] = [];
  for (const [start, end] of splitTopLevel(tokens, open + 1, close)) {
    const first = tokens[start];
    if (isKeyword(first, 'PRIMARY', 'UNIQUE', 'CHECK', 'INDEX', 'CONSTRAINT', 'FOREIGN') || !isIdentifier(first)) continue;
    const column: ModuleColumn = { name: identifierValue(first) };
    if (!isKeyword(tokens[start + 1], 'AS')) {
      const parsed = parseTypeAt(tokens, start + 1, lookup);
      if (!parsed) throw reader.error(`column ${column.name} of the return table has a type this backup cannot carry`);
      column.type = parsed.type;
      let nullable = true;
      for (let j = parsed.next; j < end; j++) {
        if (isKeyword(tokens[j], 'NOT') && isKeyword(tokens[j + 1], 'NULL')) nullable = false;
        if (isKeyword(tokens[j], 'PRIMARY')) nullable = false;
      }
      column.nullable = nullable;
    }
    columns.push(column);
  }
  return columns;
}
