import type { BackupErrorKind } from '../core/errors';

/** Exit codes of `cloud-db-backup`, documented in `--help` and the README. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  verifyFailed: 3,
  connection: 4,
  unsupported: 5,
  io: 6,
  locked: 7,
  cancelled: 130,
} as const;

export function exitCodeFor(kind: BackupErrorKind): number {
  switch (kind) {
    case 'firewall':
    case 'login':
    case 'database':
    case 'network':
    case 'timeout':
    case 'transient':
      return ExitCode.connection;
    case 'unsupported':
    case 'source':
      return ExitCode.unsupported;
    case 'io':
      return ExitCode.io;
    case 'locked':
      return ExitCode.locked;
    case 'cancelled':
      return ExitCode.cancelled;
    case 'invalid':
      return ExitCode.usage;
    case 'format':
      return ExitCode.verifyFailed;
    default:
      return ExitCode.failed;
  }
}

export const exitCodeHelp = `Exit codes:
  0    success
  1    unexpected failure
  2    invalid command line or settings
  3    the backup does not verify (format errors)
  4    cannot connect (firewall, login, database name, network, timeout)
  5    the database has objects or values a bacpac cannot carry, or the server sent
       a catalog or a value that cannot be right (named in the message)
  6    a file could not be written or read
  7    skipped: another backup of the same database into the same folder was running
  130  cancelled (Ctrl+C); 143 after SIGTERM, 129 after SIGHUP (the temporary file is removed)`;
