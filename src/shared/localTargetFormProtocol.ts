/**
 * The messages between the local database form (Add/Edit Local Database) and the extension, typed once for both
 * sides: the shapes every form shares (formProtocol.ts) with this form's fields and issue codes.
 */
import {
  parseFormMessage,
  type FieldIssueOf,
  type FieldKinds,
  type FormExtensionMessage,
  type FormWebviewMessage,
  type InitMessageOf,
  type ParseResult,
} from './formProtocol';

/** A restore target as the person typed it. */
export interface LocalTargetFields {
  server: string;
  database: string;
  login: string;
  /** Empty in edit mode means "keep the saved password". */
  password: string;
  trustServerCertificate: boolean;
}

export type LocalTargetFieldName = keyof LocalTargetFields;

/** Why a field is not acceptable; the localized texts travel in the init message. */
export type LocalTargetIssueCode = 'required' | 'tooLong' | 'serverSyntax' | 'portRange' | 'localDb' | 'azureSql' | 'passwordRequired';

export type LocalTargetIssue = FieldIssueOf<LocalTargetFieldName, LocalTargetIssueCode>;
export type LocalTargetWebviewMessage = FormWebviewMessage<LocalTargetFields>;
export type LocalTargetExtensionMessage = FormExtensionMessage<LocalTargetFields, LocalTargetIssueCode>;
export type LocalTargetInitMessage = InitMessageOf<LocalTargetFields, LocalTargetIssueCode>;

const fieldKinds: FieldKinds<LocalTargetFields> = {
  server: 'string',
  database: 'string',
  login: 'string',
  password: 'string',
  trustServerCertificate: 'boolean',
};

export const localTargetFieldNames = Object.keys(fieldKinds) as LocalTargetFieldName[];

/** Checks a message from the webview; returns a copy holding only the known properties. */
export function parseLocalTargetMessage(value: unknown): ParseResult<LocalTargetWebviewMessage> {
  return parseFormMessage(value, fieldKinds);
}
