/**
 * The statements the restore sends besides the schema script and the bulk loads. Each starts with a name comment
 * (`/* cdb:restore:… v1 *\/`), as the catalog queries do, so the test double recognises them without parsing SQL.
 * Names are quoted here (quoteName) because CREATE/ALTER/DROP DATABASE take no parameters.
 */
import { quoteName, type ObjectName } from '../model/types';
import { unicodeLiteral } from '../script/typeDeclaration';

export const databaseIdQuery = (database: string) => `/* cdb:restore:database-id v1 */
SELECT DB_ID(${unicodeLiteral(database)}) AS database_id`;

/** User objects in the current database: a target with any is not empty. */
export const userObjectCountQuery = `/* cdb:restore:user-objects v1 */
SELECT COUNT_BIG(*) AS user_objects FROM sys.objects WHERE is_ms_shipped = 0`;

export const createDatabaseStatement = (database: string, collation: string) => `/* cdb:restore:create-database v1 */
CREATE DATABASE ${quoteName(database)}${collation ? ` COLLATE ${collation}` : ''}`;

/** Closes other sessions first: SQL Server refuses to drop or rename a database in use. */
export const dropDatabaseStatement = (database: string) => `/* cdb:restore:drop-database v1 */
IF DB_ID(${unicodeLiteral(database)}) IS NOT NULL
BEGIN
  ALTER DATABASE ${quoteName(database)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
  DROP DATABASE ${quoteName(database)};
END`;

export const renameDatabaseStatement = (from: string, to: string) => `/* cdb:restore:rename-database v1 */
ALTER DATABASE ${quoteName(from)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
ALTER DATABASE ${quoteName(from)} MODIFY NAME = ${quoteName(to)};
ALTER DATABASE ${quoteName(to)} SET MULTI_USER;`;

export const rowCountQuery = (table: ObjectName) => `/* cdb:restore:row-count v1 */
SELECT COUNT_BIG(*) AS row_count FROM ${quoteName(table.schema, table.name)} WITH (NOLOCK)`;

/** Which of these server logins exist on the target (a user FOR LOGIN needs its login). */
export const existingLoginsQuery = (logins: readonly string[]) => `/* cdb:restore:logins v1 */
SELECT name FROM sys.server_principals WHERE name IN (${logins.map(unicodeLiteral).join(', ')})`;
