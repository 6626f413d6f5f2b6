/**
 * Every message between the connect form webview and the extension, typed once for both sides.
 * The extension never trusts what arrives from the webview: `parseWebviewMessage` checks each message's
 * shape before anything acts on it. This file imports nothing, so the browser bundle stays small.
 */

/**
 * The "Encrypt" choice, as SSMS 20's connect dialog offers it: Mandatory encrypts (TLS inside TDS), Optional
 * does not, Strict is TDS 8 strict encryption (TLS before any TDS byte).
 */
export const encryptChoices = ['mandatory', 'optional', 'strict'] as const;
export type EncryptChoice = (typeof encryptChoices)[number];

/** The form's fields as the person typed them (timeout stays text until validation turns it into a number). */
export interface ConnectFormFields {
  project: string;
  environment: string;
  server: string;
  login: string;
  /** Empty in edit mode means "keep the remembered password". */
  password: string;
  rememberPassword: boolean;
  database: string;
  /** One of `encryptChoices`; text like `schedule`, checked by validation. */
  encrypt: string;
  trustServerCertificate: boolean;
  connectTimeoutSeconds: string;
  /** Scheduled backups: 'off', 'daily' (at scheduleTime) or 'interval' (every scheduleHours). */
  schedule: string;
  /** HH:MM, 24-hour, local time. */
  scheduleTime: string;
  scheduleHours: string;
}

export type ConnectFormFieldName = keyof ConnectFormFields;

/** Why a field is not acceptable; the texts for these codes travel in `InitMessage.issueTexts`, localized. */
export type FieldIssueCode =
  | 'required'
  | 'encryptChoice'
  | 'tooLong'
  | 'serverSyntax'
  | 'portRange'
  | 'timeoutNumber'
  | 'timeoutRange'
  | 'passwordToRemember'
  | 'scheduleKind'
  | 'scheduleNeedsPassword'
  | 'timeOfDay'
  | 'hoursRange';

export interface FieldIssue {
  field: ConnectFormFieldName;
  code: FieldIssueCode;
}

// ---- webview → extension ------------------------------------------------------------------------

export interface ReadyMessage {
  type: 'ready';
}
export interface TestConnectionMessage {
  type: 'testConnection';
  /** Echoed in the answer so a late answer to an earlier click is ignored. */
  requestId: number;
  fields: ConnectFormFields;
}
export interface SaveMessage {
  type: 'save';
  fields: ConnectFormFields;
  /** "Save and Back Up": start a backup of the saved environment right away. */
  backUp: boolean;
}
export interface ParseConnectionStringMessage {
  type: 'parseConnectionString';
  text: string;
}
export interface CancelMessage {
  type: 'cancel';
}

export type WebviewMessage =
  | ReadyMessage
  | TestConnectionMessage
  | SaveMessage
  | ParseConnectionStringMessage
  | CancelMessage;

// ---- extension → webview ------------------------------------------------------------------------

export interface InitMessage {
  type: 'init';
  mode: 'add' | 'edit';
  fields: ConnectFormFields;
  /** True when a password is remembered for this environment: the empty password field means "unchanged". */
  passwordRemembered: boolean;
  /** Localized texts for every `FieldIssueCode`; `{field}` is replaced by the field's label. */
  issueTexts: Record<FieldIssueCode, string>;
  /** Localized labels per field, for issue texts. */
  fieldLabels: Record<ConnectFormFieldName, string>;
  /** Localized texts the script shows itself. */
  texts: {
    testing: string;
    saving: string;
    passwordUnchanged: string;
    connectionStringFilled: string;
    unknownKeys: string;
  };
}

export type TestResultMessage =
  | { type: 'testResult'; requestId: number; ok: true; serverVersion: string; database: string; text: string }
  | { type: 'testResult'; requestId: number; ok: false; kind: string; text: string; hint?: string };

export interface ValidationMessage {
  type: 'validation';
  issues: FieldIssue[];
}

export interface ConnectionStringParsedMessage {
  type: 'connectionStringParsed';
  /** The fields the connection string set; everything else stays as the person left it. */
  patch: Partial<ConnectFormFields>;
  unknownKeys: string[];
}

export interface ErrorMessage {
  type: 'error';
  /** Which action failed, so the form shows the text where the person looked. */
  context: 'save' | 'connectionString';
  text: string;
}

export type ExtensionMessage =
  | InitMessage
  | TestResultMessage
  | ValidationMessage
  | ConnectionStringParsedMessage
  | ErrorMessage;

// ---- validation of incoming messages ---------------------------------------------------------------

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

/** Field types, checked one by one; extra properties are dropped so nothing unexpected travels further. */
const fieldKinds: Record<ConnectFormFieldName, 'string' | 'boolean'> = {
  project: 'string',
  environment: 'string',
  server: 'string',
  login: 'string',
  password: 'string',
  rememberPassword: 'boolean',
  database: 'string',
  encrypt: 'string',
  trustServerCertificate: 'boolean',
  connectTimeoutSeconds: 'string',
  schedule: 'string',
  scheduleTime: 'string',
  scheduleHours: 'string',
};

export const connectFormFieldNames = Object.keys(fieldKinds) as ConnectFormFieldName[];

/** Long enough for any real value; a bound keeps a misbehaving webview from pushing megabytes through. */
const maxTextLength = 4096;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFields(value: unknown): ConnectFormFields | string {
  if (!isRecord(value)) return 'fields must be an object';
  const fields: Record<string, string | boolean> = {};
  for (const name of connectFormFieldNames) {
    const v = value[name];
    if (typeof v !== fieldKinds[name]) return `fields.${name} must be a ${fieldKinds[name]}`;
    if (typeof v === 'string' && v.length > maxTextLength) return `fields.${name} is too long`;
    fields[name] = v as string | boolean;
  }
  return fields as unknown as ConnectFormFields;
}

/** Checks a message from the webview; returns a copy holding only the known properties. */
export function parseWebviewMessage(value: unknown): ParseResult<WebviewMessage> {
  if (!isRecord(value)) return { ok: false, error: 'message must be an object' };
  switch (value.type) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'cancel':
      return { ok: true, message: { type: 'cancel' } };
    case 'testConnection': {
      const requestId = value.requestId;
      if (typeof requestId !== 'number' || !Number.isSafeInteger(requestId)) {
        return { ok: false, error: 'requestId must be an integer' };
      }
      const fields = parseFields(value.fields);
      if (typeof fields === 'string') return { ok: false, error: fields };
      return { ok: true, message: { type: 'testConnection', requestId, fields } };
    }
    case 'save': {
      if (typeof value.backUp !== 'boolean') return { ok: false, error: 'backUp must be a boolean' };
      const fields = parseFields(value.fields);
      if (typeof fields === 'string') return { ok: false, error: fields };
      return { ok: true, message: { type: 'save', fields, backUp: value.backUp } };
    }
    case 'parseConnectionString': {
      const text = value.text;
      if (typeof text !== 'string') return { ok: false, error: 'text must be a string' };
      if (text.length > maxTextLength) return { ok: false, error: 'text is too long' };
      return { ok: true, message: { type: 'parseConnectionString', text } };
    }
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(String(value.type)).slice(0, 60)}` };
  }
}
