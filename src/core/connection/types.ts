/** How to reach one database. The password travels only in this object, never in logs or messages. */
export interface ConnectionSettings {
  /** Host name, optionally with a `tcp:` prefix and `,port` suffix, as the Umbraco Cloud portal shows it. */
  server: string;
  /** Mandatory: Umbraco Cloud logins are database-scoped and cannot open master. */
  database: string;
  /** SQL Server Authentication login. */
  user: string;
  password: string;
  /** Encrypt the connection (default true); 'strict' is TDS 8 strict encryption (TLS before any TDS). */
  encrypt: EncryptSetting;
  /** Accept any server certificate (default false). */
  trustServerCertificate: boolean;
  /** Seconds to wait for the connection (default 30). */
  connectTimeoutSeconds: number;
  /** Seconds to wait for one query; 0 = no limit (default 0 for exports). */
  commandTimeoutSeconds: number;
}

export type EncryptSetting = boolean | 'strict';

export const defaultConnectionOptions = {
  encrypt: true,
  trustServerCertificate: false,
  connectTimeoutSeconds: 30,
  commandTimeoutSeconds: 0,
} as const;
