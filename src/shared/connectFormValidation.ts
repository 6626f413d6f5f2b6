/**
 * The connect form's rules, pure so that the webview (inline, as the person types) and the extension
 * (again on save, because it never trusts the webview) apply exactly the same ones.
 */
import { encryptChoices, type ConnectFormFieldName, type ConnectFormFields, type EncryptChoice, type FieldIssue } from './connectFormProtocol';
import { parseIntervalHours, parseTimeOfDay, scheduleKinds, type ScheduleKind } from './scheduleRules';

/** SQL Server identifiers (database and login names) are at most 128 characters. */
export const maxNameLength = 128;
export const connectTimeoutRange = { min: 1, max: 600 } as const;

const requiredFields: ConnectFormFieldName[] = ['project', 'environment', 'server', 'login', 'database'];

/**
 * `[tcp:]host[\instance][,port]` — the shapes the Umbraco Cloud portal and SSMS accept. Host: DNS name or IPv4
 * (letters, digits, dots, hyphens, underscores for container names).
 */
const serverPattern = /^(?:tcp:)?([A-Za-z0-9_.-]+)(?:\\[A-Za-z0-9_$#-]+)?(?:,(\d{1,5}))?$/i;

export interface ParsedServer {
  host: string;
  port?: number;
}

/** Splits a server name into host and port; undefined when the text is not a server name. */
export function parseServerName(text: string): ParsedServer | undefined {
  const match = serverPattern.exec(text.trim());
  if (!match) return undefined;
  const host = match[1];
  if (host.startsWith('.') || host.endsWith('-') || host.includes('..')) return undefined;
  return match[2] === undefined ? { host } : { host, port: Number(match[2]) };
}

export interface ValidationContext {
  /** A password is already remembered for this environment (edit mode), so an empty field keeps it. */
  passwordRemembered: boolean;
}

/** Issues of one field, so the form can validate a field when it loses focus. */
export function validateField(
  field: ConnectFormFieldName,
  fields: ConnectFormFields,
  context: ValidationContext,
): FieldIssue[] {
  const value = fields[field];
  if (typeof value === 'string') {
    const text = value.trim();
    if (requiredFields.includes(field) && text === '') return [{ field, code: 'required' }];
    if (field !== 'password' && text.length > maxNameLength) return [{ field, code: 'tooLong' }];
  }
  switch (field) {
    case 'server': {
      const server = parseServerName(fields.server);
      if (!server) return [{ field, code: 'serverSyntax' }];
      if (server.port !== undefined && (server.port < 1 || server.port > 65535)) return [{ field, code: 'portRange' }];
      return [];
    }
    case 'connectTimeoutSeconds': {
      const text = fields.connectTimeoutSeconds.trim();
      if (!/^\d+$/.test(text)) return [{ field, code: 'timeoutNumber' }];
      const seconds = Number(text);
      if (seconds < connectTimeoutRange.min || seconds > connectTimeoutRange.max) return [{ field, code: 'timeoutRange' }];
      return [];
    }
    case 'encrypt':
      return encryptChoices.includes(fields.encrypt as EncryptChoice) ? [] : [{ field, code: 'encryptChoice' }];
    case 'schedule':
      if (!scheduleKinds.includes(fields.schedule as ScheduleKind)) return [{ field, code: 'scheduleKind' }];
      // A scheduled backup runs with nobody there to type the password.
      if (fields.schedule !== 'off' && !fields.rememberPassword) return [{ field, code: 'scheduleNeedsPassword' }];
      return [];
    case 'scheduleTime':
      return fields.schedule === 'daily' && !parseTimeOfDay(fields.scheduleTime) ? [{ field, code: 'timeOfDay' }] : [];
    case 'scheduleHours':
      return fields.schedule === 'interval' && parseIntervalHours(fields.scheduleHours) === undefined ? [{ field, code: 'hoursRange' }] : [];
    case 'password':
      // Remembering needs something to remember: a new password, or the one already stored.
      if (fields.rememberPassword && fields.password === '' && !context.passwordRemembered) {
        return [{ field, code: 'passwordToRemember' }];
      }
      return [];
    default:
      return [];
  }
}

const validatedFields: ConnectFormFieldName[] = [
  'server',
  'login',
  'password',
  'database',
  'encrypt',
  'connectTimeoutSeconds',
  'project',
  'environment',
  'schedule',
  'scheduleTime',
  'scheduleHours',
];

/** Every issue of the form, in the form's focus order (the first one is where the cursor goes). */
export function validateConnectForm(fields: ConnectFormFields, context: ValidationContext): FieldIssue[] {
  return validatedFields.flatMap((field) => validateField(field, fields, context));
}

/** The timeout as a number, for forms that passed validation. */
export function connectTimeoutOf(fields: ConnectFormFields): number {
  return Number(fields.connectTimeoutSeconds.trim());
}

