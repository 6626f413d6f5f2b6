/**
 * Every failure the core reports is a BackupError: a kind the front doors can branch on, and a message a
 * person can act on. Messages never contain secrets.
 */
export type BackupErrorKind =
  | 'firewall' // Azure SQL 40615: the client IP is not on the allow list
  | 'login' // 18456: wrong login or password
  | 'database' // 4060: the database cannot be opened (wrong name, or no access)
  | 'network' // DNS, TCP, TLS failures, dropped connections
  | 'timeout' // connect or request timeout
  | 'transient' // Azure busy/unavailable errors that survived the retries
  | 'cancelled' // the user cancelled
  | 'locked' // another backup of the same database into the same folder holds the lock file
  | 'unsupported' // the database has objects a bacpac from this tool cannot carry
  | 'source' // the server sent what cannot be true: a catalog that contradicts itself, a value outside its type
  | 'invalid' // bad input (settings, connection string, file name)
  | 'io' // the file system refused something
  | 'format' // a package or model that breaks the bacpac format
  | 'internal'; // a bug: anything else

export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly kind: BackupErrorKind,
    message: string,
    readonly details: {
      /** For firewall errors: the client IP address the server saw. */
      clientIp?: string;
      /** The SQL Server error number, when there is one. */
      sqlErrorNumber?: number;
      /** What the person can do next, one sentence. */
      hint?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

export function isBackupError(e: unknown): e is BackupError {
  return e instanceof BackupError;
}

/** Replaces every occurrence of `secret` in `text` (defence in depth: a driver or server may echo a password). */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('********') : text;
}

/** The error with `secret` removed from its message and hint (the same error when neither holds it). */
export function withoutSecret(error: BackupError, secret: string | undefined): BackupError {
  const message = redactSecret(error.message, secret);
  const hint = error.details.hint === undefined ? undefined : redactSecret(error.details.hint, secret);
  if (message === error.message && hint === error.details.hint) return error;
  return new BackupError(error.kind, message, { ...error.details, hint, cause: undefined });
}
