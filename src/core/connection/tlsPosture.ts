/**
 * What a person must hear when a connection is weaker than the default (encrypted, certificate checked): one
 * sentence per weakening, shown on every run that uses it (CLI stderr, the VS Code log and backup result).
 */
import type { ConnectionSettings } from './types';

export function weakenedTlsWarnings(settings: Pick<ConnectionSettings, 'encrypt' | 'trustServerCertificate'>): string[] {
  const warnings: string[] = [];
  if (settings.encrypt === false) {
    warnings.push('Encryption is off for this connection: the login, the password and every row cross the network unencrypted. Turn Encrypt on unless the server is on a network you trust.');
  }
  if (settings.trustServerCertificate) {
    warnings.push('Trust server certificate is on: the server’s certificate is not checked, so the connection could be intercepted. Azure SQL and Umbraco Cloud never need this.');
  }
  return warnings;
}
