/**
 * What every form webview of the extension (the connect form, the local database form) exchanges with the
 * extension, generic over the form's fields, and the checks the extension applies to what arrives. Each form's
 * own protocol file names its fields and issue codes and builds on these. Imports nothing: the browser bundles it.
 */

// ---- webview → extension ------------------------------------------------------------------------

export interface ReadyMessage {
  type: 'ready';
}
export interface CancelMessage {
  type: 'cancel';
}
export interface TestConnectionMessageOf<F> {
  type: 'testConnection';
  /** Echoed in the answer so a late answer to an earlier click is ignored. */
  requestId: number;
  fields: F;
}
export interface SaveMessageOf<F> {
  type: 'save';
  fields: F;
}
export interface ParseConnectionStringMessage {
  type: 'parseConnectionString';
  text: string;
}

export type FormWebviewMessage<F> = ReadyMessage | CancelMessage | TestConnectionMessageOf<F> | SaveMessageOf<F> | ParseConnectionStringMessage;

// ---- extension → webview ------------------------------------------------------------------------

export interface FieldIssueOf<N extends string, C extends string> {
  field: N;
  code: C;
}

/** The first message: the values to show and every localized text the script shows by itself. */
export interface InitMessageOf<F, C extends string> {
  type: 'init';
  mode: 'add' | 'edit';
  fields: F;
  /** True when a password is saved: the empty password field means "unchanged". */
  passwordRemembered: boolean;
  /** Localized texts for every issue code; `{field}` is replaced by the field's label. */
  issueTexts: Record<C, string>;
  /** Localized labels per field, for issue texts. */
  fieldLabels: Record<keyof F & string, string>;
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

export interface ValidationMessageOf<N extends string, C extends string> {
  type: 'validation';
  issues: FieldIssueOf<N, C>[];
}

export interface ConnectionStringParsedMessageOf<F> {
  type: 'connectionStringParsed';
  /** The fields the connection string set; everything else stays as the person left it. */
  patch: Partial<F>;
  unknownKeys: string[];
}

export interface ErrorMessage {
  type: 'error';
  /** Which action failed, so the form shows the text where the person looked. */
  context: 'save' | 'connectionString';
  text: string;
}

export type FormExtensionMessage<F, C extends string> =
  | InitMessageOf<F, C>
  | TestResultMessage
  | ValidationMessageOf<keyof F & string, C>
  | ConnectionStringParsedMessageOf<F>
  | ErrorMessage;

// ---- validation of incoming messages ---------------------------------------------------------------

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

export type FieldKinds<F> = Record<keyof F & string, 'string' | 'boolean'>;

/** Long enough for any real value; a bound keeps a misbehaving webview from pushing megabytes through. */
const maxTextLength = 4096;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Field types, checked one by one; extra properties are dropped so nothing unexpected travels further. */
function parseFields<F>(value: unknown, kinds: FieldKinds<F>): F | string {
  if (!isRecord(value)) return 'fields must be an object';
  const fields: Record<string, string | boolean> = {};
  for (const [name, kind] of Object.entries(kinds) as [string, 'string' | 'boolean'][]) {
    const v = value[name];
    // The error names the field and its type only: a value may be a password.
    if (typeof v !== kind) return `fields.${name} must be a ${kind}`;
    if (typeof v === 'string' && v.length > maxTextLength) return `fields.${name} is too long`;
    fields[name] = v as string | boolean;
  }
  return fields as unknown as F;
}

/** Checks a message from a form webview; returns a copy holding only the known properties. */
export function parseFormMessage<F>(value: unknown, kinds: FieldKinds<F>): ParseResult<FormWebviewMessage<F>> {
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
      const fields = parseFields(value.fields, kinds);
      if (typeof fields === 'string') return { ok: false, error: fields };
      return { ok: true, message: { type: 'testConnection', requestId, fields } };
    }
    case 'save': {
      const fields = parseFields(value.fields, kinds);
      if (typeof fields === 'string') return { ok: false, error: fields };
      return { ok: true, message: { type: 'save', fields } };
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
