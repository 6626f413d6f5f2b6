/**
 * Catalog queries for the security model and the database options (same rules and name comments as queries.ts,
 * whose `catalogQueries` names them and says what each reads; the test double recognises them by their first line).
 */

/**
 * Users and roles other than the built-in ones (public, dbo, guest, INFORMATION_SCHEMA, sys: ids 0–4) and the fixed
 * roles. `login_name` is the login a user maps to; SUSER_SNAME(sid) is how DacFx reads it on SQL Server. Azure SQL
 * Database does not resolve other logins' SIDs in a user database, so its variant below has no login name.
 */
export const principalsQuery = `/* cdb:catalog:principals v1 */
SELECT dp.name AS principal_name,
       dp.type AS principal_type,
       dp.authentication_type,
       dp.default_schema_name,
       USER_NAME(dp.owning_principal_id) AS owner_name,
       CASE WHEN dp.authentication_type = 1 THEN SUSER_SNAME(dp.sid) END AS login_name
FROM sys.database_principals AS dp
WHERE dp.principal_id > 4 AND dp.is_fixed_role = 0 AND dp.name <> N'cdc';`;

export const principalsAzureQuery = `/* cdb:catalog:principals-azure v1 */
SELECT dp.name AS principal_name,
       dp.type AS principal_type,
       dp.authentication_type,
       dp.default_schema_name,
       USER_NAME(dp.owning_principal_id) AS owner_name,
       CAST(NULL AS sysname) AS login_name
FROM sys.database_principals AS dp
WHERE dp.principal_id > 4 AND dp.is_fixed_role = 0 AND dp.name <> N'cdc';`;

/** Role memberships; dbo's own membership of db_owner is implicit and left out, as DacFx does. */
export const roleMembersQuery = `/* cdb:catalog:role-members v1 */
SELECT r.name AS role_name,
       m.name AS member_name
FROM sys.database_role_members AS rm
JOIN sys.database_principals AS r ON r.principal_id = rm.role_principal_id
JOIN sys.database_principals AS m ON m.principal_id = rm.member_principal_id
WHERE m.principal_id <> 1;`;

/**
 * Permissions granted or denied in this database, except a principal's own (dbo's CONNECT), change data capture's
 * and those on system objects: the rows DacFx's export leaves out too.
 * `class`: 0 database, 1 object or column, 3 schema, 4 principal, 6 type, other securables (assemblies, keys,
 * certificates, Service Broker…) by number. `state`: G grant, W grant with grant option, D deny, R revoke.
 */
export const permissionsQuery = `/* cdb:catalog:permissions v1 */
SELECT p.class,
       p.permission_name,
       p.state,
       gee.name AS grantee_name,
       gor.name AS grantor_name,
       CASE p.class WHEN 1 THEN SCHEMA_NAME(o.schema_id) WHEN 3 THEN SCHEMA_NAME(p.major_id) WHEN 6 THEN SCHEMA_NAME(t.schema_id) END AS schema_name,
       CASE p.class WHEN 1 THEN o.name WHEN 4 THEN tp.name WHEN 6 THEN t.name END AS object_name,
       CASE WHEN p.class = 1 AND p.minor_id > 0 THEN COL_NAME(p.major_id, p.minor_id) END AS column_name,
       tp.type AS target_principal_type
FROM sys.database_permissions AS p
JOIN sys.database_principals AS gee ON gee.principal_id = p.grantee_principal_id
LEFT JOIN sys.database_principals AS gor ON gor.principal_id = p.grantor_principal_id
LEFT JOIN sys.objects AS o ON p.class = 1 AND o.object_id = p.major_id
LEFT JOIN sys.database_principals AS tp ON p.class = 4 AND tp.principal_id = p.major_id
LEFT JOIN sys.types AS t ON p.class = 6 AND t.user_type_id = p.major_id
WHERE p.grantee_principal_id <> p.grantor_principal_id
  AND gee.name <> N'cdc'
  AND (p.class <> 1 OR o.is_ms_shipped = 0);`;

/**
 * The options a bacpac carries (DacFx's SqlDatabaseOptions) from sys.databases and the Query Store's options,
 * plus what the backup cannot carry and must report: change tracking, change data capture.
 */
export const databaseOptionsQuery = `/* cdb:catalog:database-options v1 */
SELECT d.is_ansi_null_default_on, d.is_ansi_nulls_on, d.is_ansi_padding_on, d.is_ansi_warnings_on, d.is_arithabort_on,
       d.is_concat_null_yields_null_on, d.is_quoted_identifier_on, d.is_numeric_roundabort_on, d.is_recursive_triggers_on,
       d.is_cursor_close_on_commit_on, d.is_local_cursor_default, d.is_auto_close_on, d.is_auto_create_stats_on,
       d.is_auto_create_stats_incremental_on, d.is_auto_shrink_on, d.is_auto_update_stats_on, d.page_verify_option,
       d.recovery_model, d.is_fulltext_enabled, d.is_db_chaining_on, d.is_trustworthy_on, d.is_auto_update_stats_async_on,
       d.is_date_correlation_on, d.is_parameterization_forced, d.snapshot_isolation_state, d.is_read_committed_snapshot_on,
       d.is_memory_optimized_elevate_to_snapshot_on, d.is_encrypted, d.is_honor_broker_priority_on,
       d.target_recovery_time_in_seconds, d.delayed_durability, d.is_cdc_enabled, d.is_broker_enabled, d.containment,
       d.is_nested_triggers_on, d.is_transform_noise_words_on, d.two_digit_year_cutoff, d.default_language_name,
       d.default_fulltext_language_name,
       CAST(CASE WHEN EXISTS (SELECT 1 FROM sys.change_tracking_databases AS ct WHERE ct.database_id = d.database_id) THEN 1 ELSE 0 END AS bit) AS is_change_tracking_on,
       q.desired_state AS query_store_desired_state, q.query_capture_mode AS query_store_capture_mode,
       q.flush_interval_seconds AS query_store_flush_interval, q.interval_length_minutes AS query_store_interval_length,
       q.max_storage_size_mb AS query_store_max_storage_size, q.max_plans_per_query AS query_store_max_plans_per_query,
       q.stale_query_threshold_days AS query_store_stale_query_threshold
FROM sys.databases AS d
LEFT JOIN sys.database_query_store_options AS q ON 1 = 1
WHERE d.database_id = DB_ID();`;

/** Database scoped configurations (MAXDOP…) changed from their defaults: reported, not carried (model 3.x only). */
export const scopedConfigurationsQuery = `/* cdb:catalog:scoped-configurations v1 */
SELECT sc.name AS configuration_name
FROM sys.database_scoped_configurations AS sc
WHERE sc.is_value_default = 0;`;
