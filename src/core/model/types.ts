/**
 * The one vocabulary for a database's schema, shared from the catalog reader to model.xml and back.
 * Names are stored unquoted (no brackets); writers quote them.
 */

/** The SQL Server base types a column, parameter or alias type can have (spec §5.3). */
export type SqlBaseType =
  | 'bit' | 'tinyint' | 'smallint' | 'int' | 'bigint'
  | 'real' | 'float' | 'decimal' | 'numeric' | 'money' | 'smallmoney'
  | 'date' | 'time' | 'datetime2' | 'datetimeoffset' | 'datetime' | 'smalldatetime'
  | 'uniqueidentifier'
  | 'char' | 'varchar' | 'nchar' | 'nvarchar' | 'text' | 'ntext' | 'xml'
  | 'binary' | 'varbinary' | 'image' | 'rowversion'
  | 'geography' | 'geometry' | 'hierarchyid'
  | 'sql_variant';

/** A schema-qualified object name. */
export interface ObjectName {
  schema: string;
  name: string;
}

/**
 * A full column type. `base` is always the underlying built-in type, also for alias types, so the
 * BCP codec never needs to look anything up.
 */
export interface SqlType {
  base: SqlBaseType;
  /** char/varchar/binary/varbinary: bytes; nchar/nvarchar: characters. Absent when `isMax`. */
  length?: number;
  /** varchar(max), nvarchar(max), varbinary(max). */
  isMax?: boolean;
  /** decimal/numeric precision (1–38); float: 53 (float) — real is its own base type. */
  precision?: number;
  /** decimal/numeric scale; time/datetime2/datetimeoffset fractional-second digits (0–7). */
  scale?: number;
  /** Set when the column is declared with a user-defined alias type (e.g. [dbo].[Name]). */
  userType?: ObjectName;
  /** xml columns bound to an XML schema collection. */
  xmlSchemaCollection?: ObjectName;
}

export interface IdentitySpec {
  /** Kept as text: identity seeds and increments can be decimal(38,0) or bigint. */
  seed: string;
  increment: string;
  /** The current identity value (IDENT_CURRENT), written as the LastValue annotation. */
  lastValue?: string;
  notForReplication?: boolean;
}

export interface ColumnModel {
  name: string;
  type: SqlType;
  nullable: boolean;
  identity?: IdentitySpec;
  isRowGuidCol?: boolean;
  /** Only when it differs from the database default collation. */
  collation?: string;
  /** Computed columns carry their expression and are skipped in BCP data. */
  computed?: { expression: string; persisted: boolean; persistedNotNull?: boolean };
}

export interface TableModel extends ObjectName {
  columns: ColumnModel[];
  /** ANSI_NULLS setting the table was created with (almost always true). */
  ansiNulls: boolean;
}

export interface IndexColumn {
  name: string;
  descending?: boolean;
}

/**
 * Constraints created inline without a name get a system name (PK__Orders__3214EC27…). DacFx writes those as
 * unnamed elements with an SqlInlineConstraintAnnotation; `systemNamed` keeps that fact so the parser and writer
 * can round-trip it (the writer still emits them named by default: spec §7 pitfall 7).
 */
export interface SystemNamed {
  systemNamed?: boolean;
}

export interface KeyConstraint extends SystemNamed {
  name: string;
  table: ObjectName;
  columns: IndexColumn[];
  clustered: boolean;
}

export type ReferentialAction = 'NO_ACTION' | 'CASCADE' | 'SET_NULL' | 'SET_DEFAULT';

export interface ForeignKeyConstraint extends SystemNamed {
  name: string;
  table: ObjectName;
  columns: string[];
  referencedTable: ObjectName;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  /** Created or re-enabled WITH NOCHECK (is_not_trusted). */
  notTrusted?: boolean;
  /** Disabled constraints are kept disabled. */
  disabled?: boolean;
  notForReplication?: boolean;
}

export interface DefaultConstraint extends SystemNamed {
  name: string;
  table: ObjectName;
  column: string;
  /** Exactly as sys.default_constraints.definition holds it, e.g. `((0))` or `(getdate())`. */
  expression: string;
}

export interface CheckConstraint extends SystemNamed {
  name: string;
  table: ObjectName;
  expression: string;
  /** Column-level check constraints name their column; table-level ones leave it out. */
  column?: string;
  notTrusted?: boolean;
  disabled?: boolean;
  notForReplication?: boolean;
}

export interface IndexModel {
  name: string;
  table: ObjectName;
  unique: boolean;
  clustered: boolean;
  columns: IndexColumn[];
  included: string[];
  /** Filter predicate without the WHERE keyword, as sys.indexes.filter_definition holds it. */
  filter?: string;
}

export interface UserDefinedDataType extends ObjectName {
  /** The base type with its length/precision/scale; `userType` is not set here. */
  type: SqlType;
  nullable: boolean;
}

export interface SequenceModel extends ObjectName {
  type: SqlType;
  /** Kept as text: sequence values can be decimal(38,0). */
  startValue: string;
  increment: string;
  minValue?: string;
  maxValue?: string;
  cycle: boolean;
  /** undefined = default cache; 0 = NO CACHE. */
  cacheSize?: number;
  currentValue?: string;
}

/**
 * An output column of a view or table-valued function. Views and inline TVFs only need the name (model.xml
 * writes them as SqlComputedColumn); multi-statement TVFs declare a type and nullability (SqlSimpleColumn).
 */
export interface ModuleColumn {
  name: string;
  type?: SqlType;
  nullable?: boolean;
}

/** A parameter of a procedure or function, as read from the module header. */
export interface ModuleParameter {
  /** With the leading `@`. */
  name: string;
  type: SqlType;
  isOutput?: boolean;
  isReadOnly?: boolean;
  /** The default value's T-SQL text, e.g. `0` or `N'x'`. */
  defaultExpression?: string;
}

export type ModuleKind = 'view' | 'procedure' | 'scalarFunction' | 'inlineTableFunction' | 'tableFunction' | 'trigger';

/** A view, procedure, function or DML trigger, kept as its original CREATE text. */
export interface ModuleModel extends ObjectName {
  kind: ModuleKind;
  /** The full definition from sys.sql_modules.definition (starts with CREATE …). */
  definition: string;
  ansiNulls: boolean;
  quotedIdentifier: boolean;
  /** DML triggers: the table or view they are defined on. */
  parent?: ObjectName;
  /** DML triggers: which events fire them, and AFTER vs INSTEAD OF. */
  trigger?: { insert: boolean; update: boolean; delete: boolean; insteadOf: boolean; notForReplication?: boolean; disabled?: boolean };
  /** Schema-bound modules (WITH SCHEMABINDING). */
  schemaBound?: boolean;
  /** Views and table-valued functions: their output columns (needed when an index on a view names them). */
  columns?: ModuleColumn[];
  /**
   * Procedures and functions: parameters. When absent the model.xml writer reads them from the definition's
   * header; the parser fills them from the Parameters relationship.
   */
  parameters?: ModuleParameter[];
  /** Scalar functions: the return type. Read from the header when absent. */
  returnType?: SqlType;
  /**
   * Tables, views, functions, procedures and sequences of this database the module's text references
   * (sys.sql_expression_dependencies with a resolved referenced_id), sorted, without the module itself. DacFx orders
   * the CREATE statements of an import only by these declared dependencies, so a view reading another view must
   * declare it. Absent = none known.
   */
  dependencies?: ObjectName[];
}

/** An XML schema collection; `expression` is the T-SQL literal (N'<xsd:schema …>') model.xml carries. */
export interface XmlSchemaCollectionModel extends ObjectName {
  expression: string;
}

/** A primary XML index (secondary XML indexes are not carried). */
export interface XmlIndexModel {
  name: string;
  table: ObjectName;
  column: string;
}

/** What an extended property is attached to. */
export type ExtendedPropertyTarget =
  | { kind: 'database' }
  | { kind: 'schema'; schema: string }
  | { kind: 'table'; object: ObjectName }
  | { kind: 'column'; object: ObjectName; column: string }
  | { kind: 'view'; object: ObjectName }
  | { kind: 'module'; object: ObjectName }
  | { kind: 'index'; object: ObjectName; index: string }
  | { kind: 'constraint'; object: ObjectName; constraint: string }
  | { kind: 'parameter'; object: ObjectName; parameter: string }
  | { kind: 'xmlSchemaCollection'; object: ObjectName }
  | { kind: 'filegroup'; name: string };

export interface ExtendedPropertyModel {
  name: string;
  target: ExtendedPropertyTarget;
  /** The value as a T-SQL literal, e.g. `N'Version number'` (sql_variant values keep their literal form). */
  value: string;
}

/** The platform the source database runs on; decides DspName (spec §4.2). */
export interface SourceServer {
  /** @@VERSION text. */
  versionText: string;
  /** SERVERPROPERTY('ProductMajorVersion'), e.g. 12 for Azure SQL Database, 16 for SQL Server 2022. */
  majorVersion: number;
  /** SERVERPROPERTY('EngineEdition') = 5 (Azure SQL Database) */
  isAzureSqlDatabase: boolean;
}

/**
 * A database user (sys.database_principals types S, E, X, and SQL users without login). DacFx writes each as an
 * SqlUser; a user mapped to a login also gets an SqlLogin element for that login (see `LoginModel`).
 */
export interface DatabaseUser {
  name: string;
  /**
   * How it authenticates: `login` (mapped to a server login, AuthenticationType 1), `password` (a contained user
   * with a password, 2), `external` (Microsoft Entra / external provider, 4), `withoutLogin` (WITHOUT LOGIN).
   */
  authentication: 'login' | 'password' | 'external' | 'withoutLogin';
  /** `login` users: the server login's name. */
  login?: string;
  /** Absent = dbo (DacFx writes no DefaultSchema for dbo). */
  defaultSchema?: string;
  /**
   * `password` users: the password model.xml carries. A database never reveals a password, so a backup writes a
   * random one (as DacFx does); only a parsed model.xml fills this.
   */
  password?: string;
}

/**
 * A server login a user maps to. A bacpac cannot carry a login's password: DacFx writes a random one, and so do we
 * (`password` is only set from a parsed model.xml, to write it back unchanged).
 */
export interface LoginModel {
  name: string;
  password?: string;
}

/** A user-defined database role (CREATE ROLE). Fixed roles (db_owner…) and public are built in, never listed. */
export interface DatabaseRole {
  name: string;
  /** Absent = dbo. */
  owner?: string;
}

/** ALTER ROLE [role] ADD MEMBER [member]; role and member are user or role names (fixed roles included). */
export interface RoleMembership {
  role: string;
  member: string;
}

/** What a permission statement is on. `object` covers tables, views, procedures, functions and sequences. */
export type SecuredTarget =
  | { kind: 'database' }
  | { kind: 'schema'; schema: string }
  | { kind: 'object'; object: ObjectName; column?: string }
  | { kind: 'type'; object: ObjectName }
  | { kind: 'user'; name: string }
  | { kind: 'role'; name: string };

/** One GRANT or DENY (sys.database_permissions row), as DacFx's SqlPermissionStatement holds it. */
export interface PermissionStatementModel {
  action: 'grant' | 'deny';
  /** GRANT … WITH GRANT OPTION (state W). */
  withGrantOption?: boolean;
  /** DacFx's permission name: `Select`, `Connect`, `ViewDefinition`… (sys permission_name in PascalCase). */
  permission: string;
  grantee: string;
  /** Absent = dbo (DacFx writes no Grantor relationship then). */
  grantor?: string;
  on: SecuredTarget;
  /** Columns a table-level GRANT leaves out (REVOKE … (column) after the GRANT: state R rows). */
  excludedColumns?: string[];
}

/**
 * Database options as DacFx's SqlDatabaseOptions names them; absent = the server's default for a new database
 * (DacFx's model default). Enumerations use DacFx's numbers (see databaseOptions.ts).
 */
export interface DatabaseOptionsModel {
  IsAnsiNullDefaultOn?: boolean;
  IsAnsiNullsOn?: boolean;
  IsAnsiPaddingOn?: boolean;
  IsAnsiWarningsOn?: boolean;
  IsArithAbortOn?: boolean;
  IsConcatNullYieldsNullOn?: boolean;
  IsQuotedIdentifierOn?: boolean;
  IsNumericRoundAbortOn?: boolean;
  IsRecursiveTriggersOn?: boolean;
  IsCursorCloseOnCommitOn?: boolean;
  IsCursorDefaultScopeGlobal?: boolean;
  IsAutoCloseOn?: boolean;
  IsAutoCreateStatisticsOn?: boolean;
  IsAutoCreateStatisticsIncrementalOn?: boolean;
  IsAutoShrinkOn?: boolean;
  IsAutoUpdateStatisticsOn?: boolean;
  IsTornPageProtectionOn?: boolean;
  /** 1 SIMPLE, 2 BULK_LOGGED, 3 FULL. */
  RecoveryMode?: number;
  IsFullTextEnabled?: boolean;
  IsDBChainingOn?: boolean;
  IsTrustworthyOn?: boolean;
  IsAutoUpdateStatisticsAsyncOn?: boolean;
  /** 1 CHECKSUM, 2 TORN_PAGE_DETECTION, 3 NONE. */
  PageVerifyMode?: number;
  /** 1 ENABLE_BROKER, 2 DISABLE_BROKER. */
  ServiceBrokerOption?: number;
  IsDateCorrelationOptimizationOn?: boolean;
  /** 1 SIMPLE, 2 FORCED. */
  ParameterizationOption?: number;
  IsAllowSnapshotIsolation?: boolean;
  IsReadCommittedSnapshot?: boolean;
  IsMemoryOptimizedElevatedToSnapshot?: boolean;
  IsEncryptionOn?: boolean;
  IsBrokerPriorityHonored?: boolean;
  /** 0 NONE, 1 PARTIAL (contained database). */
  Containment?: number;
  /** Contained databases only. */
  IsNestedTriggersOn?: boolean;
  IsTransformNoiseWordsOn?: boolean;
  TwoDigitYearCutoff?: number;
  TargetRecoveryTimePeriod?: number;
  /** 0 DISABLED, 1 ALLOWED, 2 FORCED. */
  DelayedDurabilityMode?: number;
  /** 0 OFF, 1 READ_ONLY, 2 READ_WRITE. */
  QueryStoreDesiredState?: number;
  /** 1 ALL, 2 AUTO, 3 NONE. */
  QueryStoreCaptureMode?: number;
  QueryStoreFlushInterval?: number;
  QueryStoreIntervalLength?: number;
  QueryStoreMaxStorageSize?: number;
  QueryStoreMaxPlansPerQuery?: number;
  QueryStoreStaleQueryThreshold?: number;
}

export interface DatabaseModel {
  name: string;
  /** Database default collation, e.g. SQL_Latin1_General_CP1_CI_AS. */
  collation: string;
  compatibilityLevel?: number;
  server: SourceServer;
  /** Schemas other than the built-in ones (dbo, sys, guest, INFORMATION_SCHEMA); `owner` is a user or role (absent = dbo). */
  schemas: { name: string; owner?: string }[];
  tables: TableModel[];
  primaryKeys: KeyConstraint[];
  uniqueConstraints: KeyConstraint[];
  foreignKeys: ForeignKeyConstraint[];
  defaultConstraints: DefaultConstraint[];
  checkConstraints: CheckConstraint[];
  indexes: IndexModel[];
  userDefinedTypes: UserDefinedDataType[];
  sequences: SequenceModel[];
  modules: ModuleModel[];
  extendedProperties: ExtendedPropertyModel[];
  /** Optional so older producers of DatabaseModel stay valid. */
  xmlSchemaCollections?: XmlSchemaCollectionModel[];
  xmlIndexes?: XmlIndexModel[];
  /** The security model (optional, like the collections above): users, logins they map to, roles, memberships, permissions. */
  users?: DatabaseUser[];
  logins?: LoginModel[];
  roles?: DatabaseRole[];
  roleMemberships?: RoleMembership[];
  permissions?: PermissionStatementModel[];
  /** Database options besides the collation; `compatibilityLevel` above is the compatibility level. */
  options?: DatabaseOptionsModel;
}

/** Fully quoted name as T-SQL and model.xml write it: [schema].[name], with ] doubled. */
export function quoteName(...parts: string[]): string {
  return parts.map((p) => `[${p.replace(/]/g, ']]')}]`).join('.');
}

/** An empty model with every collection present, to build on. */
export function emptyDatabaseModel(name: string, collation: string, server: SourceServer): DatabaseModel {
  return {
    name, collation, server,
    schemas: [], tables: [], primaryKeys: [], uniqueConstraints: [], foreignKeys: [], defaultConstraints: [],
    checkConstraints: [], indexes: [], userDefinedTypes: [], sequences: [], modules: [], extendedProperties: [],
  };
}
