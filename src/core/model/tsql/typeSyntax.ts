/**
 * Reads a T-SQL data type (`nvarchar(50)`, `[decimal](8, 2)`, `varchar(max)`, `dbo.Name`, `timestamp`) from
 * significant tokens into a SqlType, resolving alias types through the model's UDDTs.
 */
import type { ObjectName, SqlBaseType, SqlType, UserDefinedDataType } from '../types';
import { identifierValue, isIdentifier, isKeyword, type Token } from './tsqlTokens';

const baseTypes = new Set<string>([
  'bit', 'tinyint', 'smallint', 'int', 'bigint', 'real', 'float', 'decimal', 'numeric', 'money', 'smallmoney',
  'date', 'time', 'datetime2', 'datetimeoffset', 'datetime', 'smalldatetime', 'uniqueidentifier',
  'char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext', 'xml', 'binary', 'varbinary', 'image', 'rowversion',
  'geography', 'geometry', 'hierarchyid', 'sql_variant',
]);

const synonyms: Record<string, SqlBaseType> = {
  timestamp: 'rowversion', integer: 'int', dec: 'decimal', character: 'char',
};

const lengthTypes = new Set(['char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary']);
const scaleTypes = new Set(['time', 'datetime2', 'datetimeoffset']);

export function isBaseTypeName(name: string): name is SqlBaseType {
  return baseTypes.has(name);
}

/** A SqlType with the declaration defaults filled in (T-SQL: char = char(1), decimal = (18,0), time = time(7)). */
export function builtInType(base: SqlBaseType, args: string[]): SqlType {
  const type: SqlType = { base };
  if (lengthTypes.has(base)) {
    if (args[0]?.toLowerCase() === 'max') type.isMax = true;
    else type.length = args[0] !== undefined ? Number(args[0]) : 1;
  } else if (base === 'decimal' || base === 'numeric') {
    type.precision = args[0] !== undefined ? Number(args[0]) : 18;
    type.scale = args[1] !== undefined ? Number(args[1]) : 0;
  } else if (scaleTypes.has(base)) {
    type.scale = args[0] !== undefined ? Number(args[0]) : 7;
  } else if (base === 'float') {
    const p = args[0] !== undefined ? Number(args[0]) : 53;
    return p <= 24 ? { base: 'real' } : { base: 'float', precision: 53 };
  }
  return type;
}

export interface TypeLookup {
  userTypes: readonly UserDefinedDataType[];
  /** Compares names as the database collation would (case-insensitive unless it is case-sensitive). */
  sameName(a: string, b: string): boolean;
}

/** The alias type's SqlType, with `userType` set. */
export function aliasType(udt: UserDefinedDataType): SqlType {
  return { ...udt.type, userType: { schema: udt.schema, name: udt.name } };
}

/**
 * Parses a type starting at `tokens[at]`. Returns the type and the index after it, or undefined when the tokens
 * there are not a type this model knows (a table type, a CLR type other than the system ones, …).
 */
export function parseTypeAt(tokens: readonly Token[], at: number, lookup: TypeLookup): { type: SqlType; next: number; text: string } | undefined {
  const parts: string[] = [];
  let i = at;
  if (!isIdentifier(tokens[i])) return undefined;
  parts.push(identifierValue(tokens[i]));
  i++;
  while (tokens[i]?.text === '.' && isIdentifier(tokens[i + 1])) {
    parts.push(identifierValue(tokens[i + 1]));
    i += 2;
  }
  // "double precision", "national char varying" … only the first is common enough to matter.
  if (parts.length === 1 && parts[0].toLowerCase() === 'double' && isKeyword(tokens[i], 'PRECISION')) {
    parts[0] = 'float';
    i++;
  }
  const args: string[] = [];
  if (tokens[i]?.text === '(') {
    let j = i + 1;
    while (j < tokens.length && tokens[j].text !== ')') {
      if (tokens[j].text !== ',') args.push(tokens[j].text);
      j++;
    }
    i = j + 1;
  }
  const text = tokensText(tokens, at, i);
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const lower = name.toLowerCase();
  if (schema === undefined || schema.toLowerCase() === 'sys') {
    if (lower === 'sysname') return { type: { base: 'nvarchar', length: 128, userType: { schema: 'sys', name: 'sysname' } }, next: i, text };
    const base = synonyms[lower] ?? lower;
    if (isBaseTypeName(base)) return { type: builtInType(base, args), next: i, text };
  }
  const wanted: ObjectName = { schema: schema ?? 'dbo', name };
  const udt = lookup.userTypes.find((u) => lookup.sameName(u.schema, wanted.schema) && lookup.sameName(u.name, wanted.name));
  return udt ? { type: aliasType(udt), next: i, text } : undefined;
}

function tokensText(tokens: readonly Token[], from: number, to: number): string {
  return tokens.slice(from, to).map((t) => t.text).join('');
}
