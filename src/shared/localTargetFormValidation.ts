/**
 * The local database form's rules, pure so that the webview (as the person types) and the extension (again on
 * save) apply the same ones; and which servers can never be a restore target.
 */
import type { LocalTargetFieldName, LocalTargetFields, LocalTargetIssue } from './localTargetFormProtocol';
import { maxNameLength, parseServerName } from './connectFormValidation';

/**
 * Why a server cannot be restored into: LocalDB speaks only named pipes, which the driver cannot open; an Azure
 * SQL server is a Cloud database, and a restore is never pointed at one.
 */
export function localServerIssue(server: string): 'localDb' | 'azureSql' | undefined {
  const s = server.trim();
  if (/^\(localdb\)/i.test(s) || /^np:/i.test(s)) return 'localDb';
  if (/\.database\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)(,\d+)?$/i.test(s.replace(/^tcp:/i, ''))) return 'azureSql';
  return undefined;
}

const required: LocalTargetFieldName[] = ['server', 'database', 'login'];

/** Issues of one field; `passwordRemembered` (editing a target with a saved password) lets the password stay empty. */
export function validateLocalTargetField(field: LocalTargetFieldName, fields: LocalTargetFields, context: { passwordRemembered: boolean }): LocalTargetIssue[] {
  const value = fields[field];
  if (typeof value === 'string' && field !== 'password') {
    if (required.includes(field) && value.trim() === '') return [{ field, code: 'required' }];
    if (value.trim().length > maxNameLength) return [{ field, code: 'tooLong' }];
  }
  if (field === 'server') {
    const issue = localServerIssue(fields.server);
    if (issue) return [{ field, code: issue }];
    const server = parseServerName(fields.server);
    if (!server) return [{ field, code: 'serverSyntax' }];
    if (server.port !== undefined && (server.port < 1 || server.port > 65535)) return [{ field, code: 'portRange' }];
  }
  if (field === 'password' && fields.password === '' && !context.passwordRemembered) return [{ field, code: 'passwordRequired' }];
  return [];
}

const order: LocalTargetFieldName[] = ['server', 'database', 'login', 'password'];

/** Every issue, in the form's focus order. */
export function validateLocalTargetForm(fields: LocalTargetFields, context: { passwordRemembered: boolean }): LocalTargetIssue[] {
  return order.flatMap((field) => validateLocalTargetField(field, fields, context));
}
