/**
 * Conversions between the local database form's fields and a saved restore target, its labels and issue texts,
 * and the connection-string fill. Pure: the panel only moves messages around.
 */
import type { LocalTargetFieldName, LocalTargetFields, LocalTargetInitMessage, LocalTargetIssueCode } from '../../shared/localTargetFormProtocol';
import type { ParsedConnectionString } from '../engine';
import { formTexts, patchFromConnectionString } from '../model/connectFormModel';
import type { L10n } from '../model/l10n';
import { defaultLocalServer, localServerIssueText, type LocalTarget } from './localTargets';

/** SQL Server's own administrator login: what a fresh Developer edition or container has. */
export const defaultLocalLogin = 'sa';

/** The form for a new target (server localhost,1433, login sa) or prefilled for editing; the password starts empty. */
export function fieldsFromTarget(target: LocalTarget | undefined, suggestedDatabase = ''): LocalTargetFields {
  if (!target) return { server: defaultLocalServer, database: suggestedDatabase, login: defaultLocalLogin, password: '', trustServerCertificate: false };
  return { server: target.server, database: target.database, login: target.user, password: '', trustServerCertificate: target.trustServerCertificate };
}

/** The target a validated form describes; never carries the password. */
export function targetFromFields(fields: LocalTargetFields, id?: string): Omit<LocalTarget, 'id'> & { id?: string } {
  return {
    ...(id ? { id } : {}),
    server: fields.server.trim(),
    database: fields.database.trim(),
    user: fields.login.trim(),
    trustServerCertificate: fields.trustServerCertificate,
  };
}

/**
 * The fields a pasted connection string sets (an appsettings.json umbracoDbDSN or one from SSMS). Encryption is
 * not a choice here: restores into local servers always encrypt.
 */
export function localPatchFromConnectionString(parsed: ParsedConnectionString): Partial<LocalTargetFields> {
  const { server, database, login, password, trustServerCertificate } = patchFromConnectionString(parsed);
  const patch: Partial<LocalTargetFields> = { server, database, login, password, trustServerCertificate };
  for (const key of Object.keys(patch) as LocalTargetFieldName[]) if (patch[key] === undefined) delete patch[key];
  return patch;
}

export function localTargetFieldLabels(l10n: L10n): Record<LocalTargetFieldName, string> {
  return {
    server: l10n.t('Server name'),
    database: l10n.t('Database'),
    login: l10n.t('Login'),
    password: l10n.t('Password'),
    trustServerCertificate: l10n.t('Trust server certificate'),
  };
}

/** `{field}` stays in the text; the webview puts the field's label there. */
export function localTargetIssueTexts(l10n: L10n): Record<LocalTargetIssueCode, string> {
  return {
    required: l10n.t('{field} is required.'),
    tooLong: l10n.t('{field} can be at most 128 characters long.'),
    serverSyntax: l10n.t('Enter a server name like localhost,1433 or 127.0.0.1\\SQLEXPRESS.'),
    portRange: l10n.t('The port must be between 1 and 65535.'),
    localDb: localServerIssueText('localDb', l10n),
    azureSql: localServerIssueText('azureSql', l10n),
    passwordRequired: l10n.t('Enter the password of the login.'),
  };
}

export function localTargetInitMessage(mode: 'add' | 'edit', fields: LocalTargetFields, passwordRemembered: boolean, l10n: L10n): LocalTargetInitMessage {
  return {
    type: 'init',
    mode,
    fields,
    passwordRemembered,
    issueTexts: localTargetIssueTexts(l10n),
    fieldLabels: localTargetFieldLabels(l10n),
    texts: formTexts(l10n),
  };
}
