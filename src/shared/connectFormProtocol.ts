/**
 * Every message between the connect form webview and the extension, typed once for both sides.
 * The extension never trusts what arrives from the webview: `parseWebviewMessage` checks each message's
 * shape before anything acts on it. It imports only the shared form protocol, so the browser bundle stays small.
 */
import {
  parseFormMessage,
  type ConnectionStringParsedMessageOf,
  type FieldIssueOf,
  type FieldKinds,
  type FormExtensionMessage,
  type FormWebviewMessage,
  type InitMessageOf,
  type ParseResult,
  type SaveMessageOf,
  type TestConnectionMessageOf,
  type ValidationMessageOf,
} from './formProtocol';

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

export type FieldIssue = FieldIssueOf<ConnectFormFieldName, FieldIssueCode>;

// ---- messages (the shapes every form shares, with this form's fields) --------------------------------

export type { ReadyMessage, CancelMessage, ParseConnectionStringMessage, TestResultMessage, ErrorMessage, ParseResult } from './formProtocol';
export type TestConnectionMessage = TestConnectionMessageOf<ConnectFormFields>;
export interface SaveMessage extends SaveMessageOf<ConnectFormFields> {
  /** "Save and Back Up": start a backup of the saved environment right away. */
  backUp: boolean;
}

export type WebviewMessage = Exclude<FormWebviewMessage<ConnectFormFields>, SaveMessageOf<ConnectFormFields>> | SaveMessage;

export type InitMessage = InitMessageOf<ConnectFormFields, FieldIssueCode>;
export type ValidationMessage = ValidationMessageOf<ConnectFormFieldName, FieldIssueCode>;
export type ConnectionStringParsedMessage = ConnectionStringParsedMessageOf<ConnectFormFields>;
export type ExtensionMessage = FormExtensionMessage<ConnectFormFields, FieldIssueCode>;

// ---- validation of incoming messages ---------------------------------------------------------------

const fieldKinds: FieldKinds<ConnectFormFields> = {
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

/** Checks a message from the webview; returns a copy holding only the known properties. */
export function parseWebviewMessage(value: unknown): ParseResult<WebviewMessage> {
  const parsed = parseFormMessage(value, fieldKinds);
  if (!parsed.ok || parsed.message.type !== 'save') return parsed as ParseResult<WebviewMessage>;
  const backUp = (value as Record<string, unknown>).backUp;
  if (typeof backUp !== 'boolean') return { ok: false, error: 'backUp must be a boolean' };
  return { ok: true, message: { ...parsed.message, backUp } };
}
