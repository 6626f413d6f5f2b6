/**
 * Chooses how a failure is shown: the sentence a person reads and the one action that helps, per
 * BackupError kind. The actions are ids the adapter maps to commands, so this stays pure and testable.
 */
import { isBackupError, type BackupError, type BackupErrorKind } from '../../core/errors';
import type { L10n } from './l10n';

export type ErrorActionId = 'showLog' | 'copyIp' | 'editEnvironment' | 'retry' | 'openSettings';

export interface ErrorAction {
  id: ErrorActionId;
  title: string;
}

export interface ErrorPresentation {
  kind: BackupErrorKind;
  severity: 'error' | 'warning' | 'info';
  message: string;
  actions: ErrorAction[];
  /** For firewall errors: what "Copy IP" copies. */
  clientIp?: string;
}

export interface ErrorSubject {
  /** "Project / Live". */
  title: string;
  project: string;
}

/** Anything thrown that is not a BackupError is a bug; it is shown as one, with its message. */
export function asBackupErrorShape(error: unknown): Pick<BackupError, 'kind' | 'message' | 'details'> {
  if (isBackupError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message, details: {} };
}

/** Replaces every occurrence of the secret; defence in depth, since core messages must not hold one anyway. */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret && secret.length >= 1 ? text.split(secret).join('••••') : text;
}

/** The classified sentence alone: for the connect form's inline result and for the log. */
export function describeError(error: unknown, subject: ErrorSubject, l10n: L10n): string {
  const e = asBackupErrorShape(error);
  const hint = e.details.hint ? ` ${e.details.hint}` : '';
  switch (e.kind) {
    case 'firewall':
      return e.details.clientIp
        ? l10n.t(
            'The server does not accept connections from {ip}. Add {ip} to the SQL firewall rules of project "{project}" in the Umbraco Cloud portal; a new rule can take up to 5 minutes to apply.',
            { ip: e.details.clientIp, project: subject.project },
          )
        : l10n.t(
            'The server does not accept connections from this computer. Add its IP address to the SQL firewall rules of project "{project}" in the Umbraco Cloud portal; a new rule can take up to 5 minutes to apply.',
            { project: subject.project },
          );
    case 'login':
      return l10n.t('The login or password was not accepted. Check them against the Umbraco Cloud portal\'s connection details.') + hint;
    case 'database':
      return l10n.t('The database could not be opened. Check "Connect to database": Umbraco Cloud logins only work with their own database.') + hint;
    case 'cancelled':
      return l10n.t('Cancelled.');
    default:
      return e.message + hint;
  }
}

export function presentBackupError(error: unknown, subject: ErrorSubject, l10n: L10n): ErrorPresentation {
  const e = asBackupErrorShape(error);
  const showLog: ErrorAction = { id: 'showLog', title: l10n.t('Show Log') };
  const edit: ErrorAction = { id: 'editEnvironment', title: l10n.t('Edit Environment') };
  const retry: ErrorAction = { id: 'retry', title: l10n.t('Retry') };
  const settings: ErrorAction = { id: 'openSettings', title: l10n.t('Open Settings') };
  if (e.kind === 'cancelled') {
    return {
      kind: e.kind,
      severity: 'info',
      message: l10n.t('The backup of {title} was cancelled.', { title: subject.title }),
      actions: [],
    };
  }
  const message = l10n.t('The backup of {title} failed. {reason}', {
    title: subject.title,
    reason: describeError(error, subject, l10n),
  });
  switch (e.kind) {
    case 'firewall':
      return {
        kind: e.kind,
        severity: 'error',
        message,
        actions: e.details.clientIp ? [{ id: 'copyIp', title: l10n.t('Copy IP') }, retry, showLog] : [retry, showLog],
        clientIp: e.details.clientIp,
      };
    case 'login':
    case 'database':
      return { kind: e.kind, severity: 'error', message, actions: [edit, showLog] };
    case 'network':
    case 'timeout':
    case 'transient':
      return { kind: e.kind, severity: 'error', message, actions: [retry, showLog] };
    case 'invalid':
    case 'io':
      return { kind: e.kind, severity: 'error', message, actions: [settings, showLog] };
    case 'unsupported':
    case 'source':
      return { kind: e.kind, severity: 'warning', message, actions: [showLog] };
    case 'locked':
      // Not a failure of this backup: another window, or the CLI, is backing up the same database.
      return {
        kind: e.kind,
        severity: 'warning',
        message: l10n.t('{title} was not backed up now. {reason}', { title: subject.title, reason: describeError(error, subject, l10n) }),
        actions: [retry, showLog],
      };
    default:
      return { kind: e.kind, severity: 'error', message, actions: [showLog] };
  }
}
