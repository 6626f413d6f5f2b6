/**
 * Ready-made scenario pieces for the TDS double: the login errors Azure SQL and SQL Server really send,
 * a routing handler, and lazily generated rows for big-table tests.
 */
import type { SqlRow } from '../../../src/core/bcp/values';
import type { LoginRequest } from './login7';
import type { HandlerResult, LoginDecision, RequestContext, RequestHandler, SqlErrorSpec, TdsRequest } from './server';

/** 18456: wrong login or password (the text SQL Server sends; the reason stays in its error log). */
export function loginFailed(user: string): SqlErrorSpec {
  return { number: 18456, state: 1, class: 14, message: `Login failed for user '${user}'.` };
}

/** 4060: the database cannot be opened (wrong name or no access). */
export function cannotOpenDatabase(database: string): SqlErrorSpec {
  return { number: 4060, state: 1, class: 11, message: `Cannot open database "${database}" requested by the login. The login failed.` };
}

/** 40615: Azure SQL firewall, with the client IP the server saw. */
export function firewallBlocked(serverName: string, clientIp = '203.0.113.7'): SqlErrorSpec {
  return {
    number: 40615, state: 1, class: 14,
    message: `Cannot open server '${serverName}' requested by the login. Client with IP address '${clientIp}' is not allowed to access the server.  To enable access, use the Azure Management Portal or run sp_set_firewall_rule on the master database to create a firewall rule for this IP address or address range.  It may take up to five minutes for this change to take effect.`,
  };
}

/** An authenticate() that accepts one user/password pair and answers 18456 otherwise. */
export function acceptOnly(user: string, password: string): (login: LoginRequest) => LoginDecision {
  return (login) => (login.user === user && login.passwordMatches(password) ? 'ok' : { error: loginFailed(login.user) });
}

export type Route = [match: RegExp | string, answer: (request: TdsRequest, ctx: RequestContext, match: RegExpExecArray | null) => HandlerResult | Promise<HandlerResult>];

/**
 * A handler that answers the first route whose pattern matches the SQL (a string matches as a
 * case-insensitive substring). Unmatched SQL returns undefined, so the double's own answers apply.
 */
export function routes(...table: Route[]): RequestHandler {
  return (request, ctx) => {
    for (const [pattern, answer] of table) {
      if (typeof pattern === 'string') {
        if (request.sql.toLowerCase().includes(pattern.toLowerCase())) return answer(request, ctx, null);
      } else {
        pattern.lastIndex = 0;
        const m = pattern.exec(request.sql);
        if (m) return answer(request, ctx, m);
      }
    }
    return undefined;
  };
}

/**
 * `count` rows made on demand by `make(i, row)`. The same array is refilled for every row (the double
 * encodes a row before asking for the next), so a million rows cost no garbage.
 */
export function generatedRows(count: number, width: number, make: (index: number, row: SqlRow) => void): Iterable<SqlRow> {
  return {
    *[Symbol.iterator]() {
      const row: SqlRow = new Array(width).fill(null);
      for (let i = 0; i < count; i++) {
        make(i, row);
        yield row;
      }
    },
  };
}
