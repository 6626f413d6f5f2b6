/**
 * The `*Dependencies` relationships of expressions (check constraints, computed columns, defaults, index filters):
 * what DacFx lists there, as far as it can be derived without a SQL parser (spec §4.5 leaves open whether import
 * needs them; a wrong reference would break loading, so only references that are certain are emitted):
 * - unqualified column names (bracketed or bare) that are columns of the same table;
 * - built-in type names used as CAST(… AS type) or CONVERT(type, …) targets.
 * Each is listed once, in order of first appearance (as in fixture B's check constraints and computed columns).
 */
import { isBaseTypeName } from './tsql/typeSyntax';
import { identifierValue, isIdentifier, isKeyword, significant, tokenizeTsql } from './tsql/tsqlTokens';

export type ExpressionDependency = { column: string } | { builtInType: string };

const notColumns = new Set(['AND', 'OR', 'NOT', 'NULL', 'IS', 'IN', 'LIKE', 'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AS', 'EXISTS', 'ESCAPE', 'COLLATE']);

export function expressionDependencies(
  expression: string,
  columns: readonly string[],
  sameName: (a: string, b: string) => boolean,
): ExpressionDependency[] {
  const tokens = significant(tokenizeTsql(expression));
  const found: ExpressionDependency[] = [];
  const seen = new Set<string>();
  const add = (key: string, dep: ExpressionDependency): void => {
    if (seen.has(key)) return;
    seen.add(key);
    found.push(dep);
  };
  tokens.forEach((t, i) => {
    if (!isIdentifier(t)) return;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (prev?.text === '.' || next?.text === '.') return; // qualified names are not resolved here
    const value = identifierValue(t);
    const isTypeTarget = isKeyword(prev, 'AS') || (prev?.text === '(' && isKeyword(tokens[i - 2], 'CONVERT', 'TRY_CONVERT'));
    const lower = value.toLowerCase();
    if (isTypeTarget && isBaseTypeName(lower)) {
      add(`type:${lower}`, { builtInType: lower });
      return;
    }
    if (next?.text === '(' && t.kind === 'word') return; // a function call
    if (t.kind === 'word' && notColumns.has(value.toUpperCase())) return;
    const column = columns.find((c) => sameName(c, value));
    if (column !== undefined) add(`column:${column}`, { column });
  });
  return found;
}
