/**
 * The connection string Umbraco's appsettings.json expects for a restored database (ConnectionStrings:
 * umbracoDbDSN, provider Microsoft.Data.SqlClient). The password goes in only when asked for (the VS Code command
 * copies it to the clipboard on request; the CLI never prints it).
 */
import type { ConnectionSettings } from '../connection/types';

export const umbracoProviderName = 'Microsoft.Data.SqlClient';

/** A value in a SqlClient connection string: quoted when it holds ; = " ' or leading/trailing spaces. */
function value(text: string): string {
  if (!/[;='"]|^\s|\s$/.test(text)) return text;
  return `"${text.replace(/"/g, '""')}"`;
}

export function umbracoConnectionString(target: ConnectionSettings, options: { includePassword: boolean }): string {
  const server = target.server.replace(/^tcp:/i, '');
  const parts = [
    `Server=${value(server)}`,
    `Database=${value(target.database)}`,
    `User Id=${value(target.user)}`,
    `Password=${options.includePassword ? value(target.password) : '<password>'}`,
    `Encrypt=${target.encrypt ? 'True' : 'False'}`,
    ...(target.trustServerCertificate ? ['TrustServerCertificate=True'] : []),
  ];
  return parts.join(';');
}
