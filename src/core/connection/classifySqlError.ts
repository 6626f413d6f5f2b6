/**
 * Turns whatever mssql/tedious threw into a BackupError a person can act on.
 *
 * tedious reports login failures as `ConnectionError('…', 'ELOGIN')` without the server's error number, so the
 * number comes from (in order): the error itself (`number`, RequestError), the ERROR token captured during login
 * (`context.serverErrorNumber`), or the well-known message texts.
 */
import { BackupError, isBackupError, redactSecret } from '../errors';
import { parseServerAddress } from './connectionString';

export interface SqlErrorContext {
  /** What was going on, for the message: "connecting to", "reading the schema of", … */
  action?: string;
  server?: string;
  database?: string;
  user?: string;
  /** Removed from every message, in case a driver or server ever echoes it. */
  password?: string;
  /** The number of the last ERROR token the server sent during login, when it was captured. */
  serverErrorNumber?: number;
}

/** Azure SQL errors that mean "busy or moving, try again" (connection resiliency guidance). */
export const transientSqlErrorNumbers: ReadonlySet<number> = new Set([40613, 40501, 40197, 10928, 10929, 49918, 49919, 49920, 4221, 40540, 40544]);

interface ErrorFacts {
  message: string;
  /** Every `code` found, outermost first (mssql wraps tedious, which wraps Node's socket errors). */
  codes: string[];
  number?: number;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** Walks err, err.originalError, err.cause and AggregateError members for codes, number and a message. */
function collectFacts(err: unknown): ErrorFacts {
  const facts: ErrorFacts = { message: typeof err === 'string' ? err : '', codes: [] };
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    const rec = asRecord(value);
    if (!rec || seen.has(value) || depth > 5) return;
    seen.add(value);
    if (!facts.message && typeof rec.message === 'string') facts.message = rec.message;
    if (typeof rec.code === 'string') facts.codes.push(rec.code);
    if (typeof rec.number === 'number') facts.number ??= rec.number;
    const info = asRecord(rec.info);
    if (info && typeof info.number === 'number') facts.number ??= info.number;
    visit(rec.originalError, depth + 1);
    visit(rec.cause, depth + 1);
    if (Array.isArray(rec.errors)) for (const e of rec.errors) visit(e, depth + 1);
  };
  visit(err, 0);
  return facts;
}

/** Guesses the SQL error number from the texts SQL Server and Azure send, for errors that arrive without one. */
function numberFromMessage(message: string): number | undefined {
  if (/Client with IP address '[^']*' is not allowed\s+to access the server/i.test(message)) return 40615;
  if (/Login failed for user/i.test(message)) return 18456;
  if (/Cannot open database\s.*\srequested by the login/i.test(message)) return 4060;
  if (/is not currently available\.\s+Please retry/i.test(message)) return 40613;
  if (/The service is currently busy/i.test(message)) return 40501;
  if (/The service has encountered an error processing your request/i.test(message)) return 40197;
  return undefined;
}

function describeTarget(ctx: SqlErrorContext): string {
  if (ctx.database && ctx.server) return `database "${ctx.database}" on ${ctx.server}`;
  if (ctx.database) return `database "${ctx.database}"`;
  if (ctx.server) return ctx.server;
  return 'the server';
}

/** The TCP port the connection uses: the one in the server address, else SQL Server's 1433. */
function portOf(server: string | undefined): number {
  try {
    return (server ? parseServerAddress(server).port : undefined) ?? 1433;
  } catch {
    return 1433;
  }
}

export function classifySqlError(err: unknown, context: SqlErrorContext = {}): BackupError {
  if (isBackupError(err)) return err;
  const facts = collectFacts(err);
  const serverMessage = redactSecret(facts.message, context.password).trim();
  const number = facts.number ?? context.serverErrorNumber ?? numberFromMessage(facts.message);
  const action = context.action ?? 'connecting to';
  const target = describeTarget(context);
  const base = { sqlErrorNumber: number, cause: err };
  const allCodes = facts.codes;
  const make = (kind: ConstructorParameters<typeof BackupError>[0], message: string, hint: string, extra: object = {}) =>
    new BackupError(kind, redactSecret(message, context.password), { ...base, hint: redactSecret(hint, context.password), ...extra });

  if (allCodes.includes('ECANCEL') || allCodes.includes('ABORT_ERR') || (err instanceof Error && err.name === 'AbortError')) {
    return make('cancelled', `Cancelled while ${action} ${target}.`, 'Start the backup again when you are ready.');
  }

  switch (number) {
    case 40615: {
      const ip = /IP address '([^']+)'/i.exec(facts.message)?.[1];
      const who = ip ? `this computer's IP address ${ip}` : "this computer's IP address";
      return make('firewall',
        `The server's firewall refused ${who}.`,
        `Add ${ip ?? 'the address'} to the project's SQL firewall rules (the IP allow list) in the Umbraco Cloud portal, then try again; a new rule can take up to five minutes to apply.`,
        { clientIp: ip });
    }
    case 18456:
      return make('login',
        `Login failed for user "${context.user ?? ''}" on ${context.server ?? 'the server'}.`,
        'Check the login and password; copy them again from the Umbraco Cloud portal if in doubt.');
    case 4060:
      return make('database',
        `The database "${context.database ?? ''}" cannot be opened with this login.`,
        'Check the database name; Umbraco Cloud logins can only see their own database.');
  }
  if (number !== undefined && transientSqlErrorNumbers.has(number)) {
    return make('transient',
      `Azure SQL is busy or temporarily unavailable (error ${number}) while ${action} ${target}: ${serverMessage}`,
      'Wait a minute and try again.');
  }

  if (allCodes.includes('ENOTFOUND') || allCodes.includes('EAI_AGAIN') || /getaddrinfo ENOTFOUND/i.test(facts.message)) {
    return make('network', `The server name "${context.server ?? ''}" could not be found.`,
      'Check the server name; it looks like tcp:xxxx.database.windows.net,1433.');
  }
  if (allCodes.includes('ETIMEOUT')) {
    return make('timeout', `Timed out while ${action} ${target}: ${serverMessage}`,
      action === 'connecting to'
        ? 'Check that the server address and port are right and reachable from this network, or raise the connection timeout.'
        : 'Raise the command timeout, or try again when the database is less busy.');
  }
  const tlsProblem = /certificate|self[- ]signed|SSL|TLS|UNABLE_TO_VERIFY|ERR_TLS|CERT_/i.test(facts.message) ||
    allCodes.some((c) => /CERT|TLS|SSL/i.test(c));
  if (tlsProblem) {
    return make('network', `The encrypted connection to ${context.server ?? 'the server'} could not be set up: ${serverMessage}`,
      'If the server uses a certificate this computer does not trust, turn on "Trust server certificate" (only for servers you know).');
  }
  if (allCodes.includes('EENCRYPT')) {
    return make('network', 'The server requires an encrypted connection.', 'Turn on "Encrypt".');
  }
  if (allCodes.some((c) => ['ESOCKET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNCLOSED', 'ENOCONN', 'EPIPE'].includes(c))) {
    return make('network', `The connection to ${context.server ?? 'the server'} failed: ${serverMessage}`,
      `Check the server address and port, and that this network allows outgoing connections to port ${portOf(context.server)}.`);
  }
  if (allCodes.includes('ELOGIN')) {
    return make('login', `The server refused the login: ${serverMessage}`, 'Check the login, password and database name.');
  }
  return make('internal', `SQL Server reported an error while ${action} ${target}: ${serverMessage || String(err)}`,
    'Try again; if it keeps happening, save the log and report it.');
}

/** Socket codes of a connection that was open, or being opened, and then lost: Azure reconfiguring or failing over. */
const lostConnectionCodes = ['ECONNRESET', 'ECONNCLOSED', 'ETIMEDOUT', 'EPIPE'];
/** How tedious words a socket that closed under a request when no code says so. */
const lostConnectionText = /Connection lost|socket hang up|ECONNRESET|connection (?:was )?closed|Connection is closed/i;

/**
 * True for faults a new attempt can fix: Azure's transient error numbers, timeouts and connection resets.
 * Never for login, firewall, permission, name or data errors, nor for a server that refuses the connection or
 * cannot be found (wrong address: retrying only delays the message).
 */
export function isRetryableBackupError(error: BackupError): boolean {
  if (error.kind === 'transient' || error.kind === 'timeout') return true;
  if (error.kind !== 'network') return false;
  const facts = collectFacts(error.details.cause);
  if (facts.codes.some((c) => ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EENCRYPT'].includes(c))) return false;
  return facts.codes.some((c) => lostConnectionCodes.includes(c)) || lostConnectionText.test(facts.message);
}
