/**
 * Conversions between the connect form's fields and the saved environment, the password decision, and the
 * connection-string fill. Pure: the panel controller calls these and only moves messages around.
 */
import { defaultConnectionOptions, type ConnectionSettings, type EncryptSetting } from '../../core/connection/types';
import type { ConnectFormFieldName, ConnectFormFields, EncryptChoice, FieldIssueCode, InitMessage } from '../../shared/connectFormProtocol';
import { connectTimeoutOf } from '../../shared/connectFormValidation';
import { intervalHoursRange, parseIntervalHours } from '../../shared/scheduleRules';
import type { StoredSchedule } from '../../core/schedule/backupSchedule';
import type { ParsedConnectionString } from '../engine';
import type { CloudEnvironment } from './cloudEnvironment';
import type { PasswordChange } from './environmentStore';
import type { L10n } from './l10n';

/** The form's Encrypt choice for a connection setting: Strict stays Strict, never weakened to Mandatory. */
export function encryptChoiceOf(setting: EncryptSetting): EncryptChoice {
  if (setting === 'strict') return 'strict';
  return setting ? 'mandatory' : 'optional';
}

/** The connection setting for a validated Encrypt choice; anything unknown encrypts (the safe side). */
export function encryptSettingOf(choice: string): EncryptSetting {
  if (choice === 'strict') return 'strict';
  return choice !== 'optional';
}

/** The form for a new environment (no env) or prefilled for editing; the password field always starts empty. */
export function fieldsFromEnvironment(
  env: CloudEnvironment | undefined,
  defaults: { connectTimeoutSeconds: number; project?: string },
  passwordRemembered: boolean,
): ConnectFormFields {
  if (!env) {
    return {
      project: defaults.project ?? '',
      environment: '',
      server: '',
      login: '',
      password: '',
      rememberPassword: true,
      database: '',
      encrypt: encryptChoiceOf(defaultConnectionOptions.encrypt),
      trustServerCertificate: defaultConnectionOptions.trustServerCertificate,
      connectTimeoutSeconds: String(defaults.connectTimeoutSeconds),
      ...scheduleFields(undefined),
    };
  }
  return {
    project: env.project,
    environment: env.environment,
    server: env.server,
    login: env.login,
    password: '',
    rememberPassword: passwordRemembered,
    database: env.database,
    encrypt: encryptChoiceOf(env.options.encrypt),
    trustServerCertificate: env.options.trustServerCertificate,
    connectTimeoutSeconds: String(env.options.connectTimeoutSeconds),
    ...scheduleFields(env.schedule),
  };
}

/** Defaults shown when the person switches a schedule on: 03:00, or every 24 hours. */
const defaultScheduleTime = '03:00';
const defaultScheduleHours = '24';

function scheduleFields(schedule: StoredSchedule | undefined): Pick<ConnectFormFields, 'schedule' | 'scheduleTime' | 'scheduleHours'> {
  return {
    schedule: schedule?.kind ?? 'off',
    scheduleTime: schedule?.kind === 'daily' ? schedule.time : defaultScheduleTime,
    scheduleHours: schedule?.kind === 'interval' ? String(schedule.hours) : defaultScheduleHours,
  };
}

/**
 * The schedule a validated form describes. `since` (what a new schedule counts from) stays when the schedule
 * did not change, so editing the login does not push the next run out.
 */
export function scheduleFromFields(fields: ConnectFormFields, previous: StoredSchedule | undefined, now: number): StoredSchedule | undefined {
  let schedule: StoredSchedule | undefined;
  if (fields.schedule === 'daily') schedule = { kind: 'daily', time: fields.scheduleTime.trim(), since: now };
  else if (fields.schedule === 'interval') schedule = { kind: 'interval', hours: parseIntervalHours(fields.scheduleHours) ?? intervalHoursRange.min, since: now };
  if (!schedule) return undefined;
  const same = previous && JSON.stringify({ ...previous, since: 0 }) === JSON.stringify({ ...schedule, since: 0 });
  return same ? { ...schedule, since: previous.since } : schedule;
}

/** The environment a validated form describes. Never carries the password. */
export function environmentFromFields(fields: ConnectFormFields, id: string, previous?: CloudEnvironment, now: number = Date.now()): CloudEnvironment {
  const schedule = scheduleFromFields(fields, previous?.schedule, now);
  return {
    ...(schedule ? { schedule } : {}),
    id,
    project: fields.project.trim(),
    environment: fields.environment.trim(),
    server: fields.server.trim(),
    database: fields.database.trim(),
    login: fields.login.trim(),
    options: {
      encrypt: encryptSettingOf(fields.encrypt),
      trustServerCertificate: fields.trustServerCertificate,
      connectTimeoutSeconds: connectTimeoutOf(fields),
    },
  };
}

/**
 * "Remember password" checked: store a newly typed password, or keep the remembered one when the field was
 * left empty. Unchecked: forget whatever was remembered.
 */
export function passwordChangeOf(fields: ConnectFormFields): PasswordChange {
  if (!fields.rememberPassword) return { kind: 'forget' };
  return fields.password === '' ? { kind: 'keep' } : { kind: 'remember', password: fields.password };
}

/** The password a Test Connection or a "Save and Back Up" uses: the typed one, else the remembered one. */
export function effectivePassword(fields: ConnectFormFields, remembered: string | undefined): string | undefined {
  return fields.password !== '' ? fields.password : remembered;
}

export function connectionSettingsFromFields(fields: ConnectFormFields, password: string): ConnectionSettings {
  return {
    server: fields.server.trim(),
    database: fields.database.trim(),
    user: fields.login.trim(),
    password,
    encrypt: encryptSettingOf(fields.encrypt),
    trustServerCertificate: fields.trustServerCertificate,
    connectTimeoutSeconds: connectTimeoutOf(fields),
    commandTimeoutSeconds: defaultConnectionOptions.commandTimeoutSeconds,
  };
}

/**
 * The fields a pasted connection string sets (Umbraco Cloud shows `server=…;database=…;user id=…;password=…`).
 * A password in the string fills the password field and nothing else.
 */
export function patchFromConnectionString(parsed: ParsedConnectionString): Partial<ConnectFormFields> {
  const s = parsed.settings;
  const patch: Partial<ConnectFormFields> = {};
  if (s.server !== undefined && s.server.trim() !== '') patch.server = s.server.trim();
  if (s.database !== undefined && s.database.trim() !== '') patch.database = s.database.trim();
  if (s.user !== undefined && s.user.trim() !== '') patch.login = s.user.trim();
  if (s.password !== undefined && s.password !== '') patch.password = s.password;
  if (s.encrypt !== undefined) patch.encrypt = encryptChoiceOf(s.encrypt);
  if (s.trustServerCertificate !== undefined) patch.trustServerCertificate = s.trustServerCertificate;
  if (s.connectTimeoutSeconds !== undefined && s.connectTimeoutSeconds > 0) {
    patch.connectTimeoutSeconds = String(s.connectTimeoutSeconds);
  }
  return patch;
}

export function fieldLabels(l10n: L10n): Record<ConnectFormFieldName, string> {
  return {
    project: l10n.t('Cloud project'),
    environment: l10n.t('Environment'),
    server: l10n.t('Server name'),
    login: l10n.t('Login'),
    password: l10n.t('Password'),
    rememberPassword: l10n.t('Remember password'),
    database: l10n.t('Connect to database'),
    encrypt: l10n.t('Encrypt'),
    trustServerCertificate: l10n.t('Trust server certificate'),
    connectTimeoutSeconds: l10n.t('Connection timeout'),
    schedule: l10n.t('Back up automatically'),
    scheduleTime: l10n.t('Time of day'),
    scheduleHours: l10n.t('Every (hours)'),
  };
}

/** `{field}` stays in the text; the webview puts the field's label there. */
export function issueTexts(l10n: L10n): Record<FieldIssueCode, string> {
  return {
    required: l10n.t('{field} is required.'),
    encryptChoice: l10n.t('Choose Mandatory, Optional or Strict.'),
    tooLong: l10n.t('{field} can be at most 128 characters long.'),
    serverSyntax: l10n.t('Enter a server name like tcp:example.database.windows.net,1433.'),
    portRange: l10n.t('The port must be between 1 and 65535.'),
    timeoutNumber: l10n.t('Enter a whole number of seconds.'),
    timeoutRange: l10n.t('The timeout must be between 1 and 600 seconds.'),
    passwordToRemember: l10n.t('Enter the password to remember, or clear "Remember password".'),
    scheduleKind: l10n.t('Choose Off, Daily or Every N hours.'),
    scheduleNeedsPassword: l10n.t('Scheduled backups need a remembered password: check "Remember password".'),
    timeOfDay: l10n.t('Enter a time like 03:00 (24-hour clock).'),
    hoursRange: l10n.t('Enter a whole number of hours from {min} to {max}.', intervalHoursRange),
  };
}

export function initMessage(
  mode: 'add' | 'edit',
  fields: ConnectFormFields,
  passwordRemembered: boolean,
  l10n: L10n,
): InitMessage {
  return {
    type: 'init',
    mode,
    fields,
    passwordRemembered,
    issueTexts: issueTexts(l10n),
    fieldLabels: fieldLabels(l10n),
    texts: formTexts(l10n),
  };
}

/** The texts every form's script shows by itself. */
export function formTexts(l10n: L10n): InitMessage['texts'] {
  return {
    testing: l10n.t('Connecting…'),
    saving: l10n.t('Saving…'),
    passwordUnchanged: l10n.t('unchanged'),
    connectionStringFilled: l10n.t('Filled in from the connection string. Check the fields, then test the connection.'),
    unknownKeys: l10n.t('Ignored: {keys}'),
  };
}
