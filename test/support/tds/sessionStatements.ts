/**
 * The few statements the double answers by itself, the way SQL Server would: SET options (tedious's
 * login batch, `SET TRANSACTION ISOLATION LEVEL …`), BEGIN/COMMIT/ROLLBACK TRAN as SQL text, and the
 * pool's `SELECT 1;` health check. Anything else is the scenario handler's business.
 */

export type SessionStatement =
  | { kind: 'isolation'; level: string }
  | { kind: 'set' }
  | { kind: 'begin' }
  | { kind: 'commit' }
  | { kind: 'rollback' }
  | { kind: 'select1' };

const isolationRe = /^set\s+transaction\s+isolation\s+level\s+(read\s+uncommitted|read\s+committed|repeatable\s+read|serializable|snapshot)$/i;
const setRe = /^set\s+\w+/i;
const beginRe = /^begin\s+tran(saction)?(\s+\w+)?$/i;
const commitRe = /^commit(\s+(tran(saction)?|work))?(\s+\w+)?$/i;
const rollbackRe = /^rollback(\s+(tran(saction)?|work))?(\s+\w+)?$/i;
const select1Re = /^select\s+1$/i;

/** Parses SQL made only of session statements; null when anything else is in it. */
export function parseSessionStatements(sql: string): SessionStatement[] | null {
  const parts = sql.split(/;|\r?\n/).map((s) => s.trim().replace(/\s+/g, ' ')).filter((s) => s.length > 0);
  if (parts.length === 0) return null;
  const out: SessionStatement[] = [];
  for (const part of parts) {
    const iso = isolationRe.exec(part);
    if (iso) out.push({ kind: 'isolation', level: iso[1].toUpperCase().replace(/\s+/g, ' ') });
    else if (beginRe.test(part)) out.push({ kind: 'begin' });
    else if (commitRe.test(part)) out.push({ kind: 'commit' });
    else if (rollbackRe.test(part)) out.push({ kind: 'rollback' });
    else if (select1Re.test(part)) out.push({ kind: 'select1' });
    else if (setRe.test(part)) out.push({ kind: 'set' });
    else return null;
  }
  return out;
}

/** The isolation level the last `SET TRANSACTION ISOLATION LEVEL` in any SQL text selects. */
export function isolationLevelIn(sql: string): string | undefined {
  const re = /set\s+transaction\s+isolation\s+level\s+(read\s+uncommitted|read\s+committed|repeatable\s+read|serializable|snapshot)/gi;
  let level: string | undefined;
  for (let m = re.exec(sql); m; m = re.exec(sql)) level = m[1].toUpperCase().replace(/\s+/g, ' ');
  return level;
}

/** Only SET statements (tedious's login batch and pool resets). */
export function isSetOnly(statements: SessionStatement[] | null): boolean {
  return statements !== null && statements.every((s) => s.kind === 'set' || s.kind === 'isolation');
}
