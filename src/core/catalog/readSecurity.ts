/**
 * The security model from sys.database_principals, sys.database_role_members and sys.database_permissions, kept
 * the way DacFx's export keeps it (src/core/model/securityElements.ts). What a bacpac cannot carry is left out
 * with one "Left out: …" warning per reason, naming the principals or permissions:
 *
 * - Windows users and groups, users mapped to certificates or asymmetric keys, application roles (and, with them,
 *   their memberships and permissions): an Azure-importable bacpac has no place for them (DacFx's export refuses
 *   Windows principals outright);
 * - permissions on securables the model does not hold (assemblies, keys, certificates, Service Broker objects,
 *   full-text catalogs, XML schema collections, objects the backup skipped) or that DacFx does not know;
 * - passwords: no database reveals them; logins and contained users get random ones, as with SqlPackage;
 * - on Azure SQL Database, which login a user maps to (a database cannot resolve another login's SID there): the
 *   user is mapped to a login of its own name, the way Azure and Umbraco Cloud create them.
 */
import { dacfxPermissionName } from '../model/permissionCodes';
import { isBuiltInPrincipal } from '../model/securityElements';
import type { DatabaseModel, DatabaseUser, ObjectName, PermissionStatementModel, SecuredTarget } from '../model/types';
import { code, num, optStr, str, type Row } from './catalogRows';

export interface SecurityReadState {
  model: DatabaseModel;
  warnings: string[];
}

export interface SecurityRows {
  principals: Row[];
  roleMembers: Row[];
  permissions: Row[];
  /** True when login names could not be read (Azure SQL Database). */
  loginNamesUnknown: boolean;
}

const leftOutPrincipalKinds: Record<string, string> = {
  U: 'Windows user', G: 'Windows group', C: 'user mapped to a certificate', K: 'user mapped to an asymmetric key', A: 'application role',
};

const securableClasses: Record<number, string> = {
  5: 'assembly', 10: 'XML schema collection', 15: 'message type', 16: 'contract', 17: 'service', 18: 'remote service binding',
  19: 'route', 23: 'full-text catalog', 24: 'symmetric key', 25: 'certificate', 26: 'asymmetric key', 29: 'full-text stoplist',
  31: 'search property list', 32: 'database scoped credential', 34: 'external language',
};

/** "a, b, c and 4 more": a list short enough for one warning line. */
function listed(items: string[], max = 8): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

export function readSecurity(state: SecurityReadState, rows: SecurityRows): void {
  const { model } = state;
  const users: DatabaseUser[] = [];
  const roles: NonNullable<DatabaseModel['roles']> = [];
  const leftOutPrincipals: string[] = [];
  const guessedLogins: string[] = [];
  const orphaned: string[] = [];
  for (const row of rows.principals) {
    const name = str(row, 'principal_name');
    const type = code(row, 'principal_type');
    const owner = optStr(row, 'owner_name');
    if (type === 'R') {
      roles.push(owner !== undefined && owner.toLowerCase() !== 'dbo' ? { name, owner } : { name });
      continue;
    }
    const user = userOf(row, name, type, rows.loginNamesUnknown);
    if (!user) {
      leftOutPrincipals.push(`${leftOutPrincipalKinds[type] ?? `principal of type ${type}`} ${name}`);
      continue;
    }
    if (user.authentication === 'login' && rows.loginNamesUnknown) guessedLogins.push(name);
    if (type === 'S' && num(row, 'authentication_type') === 1 && user.authentication === 'withoutLogin') orphaned.push(name);
    users.push(user);
  }
  const kept = new Set([...users, ...roles].map((p) => p.name.toLowerCase()));
  const known = (name: string | undefined): boolean => name !== undefined && (kept.has(name.toLowerCase()) || isBuiltInPrincipal(name));
  const warn = (text: string): void => {
    state.warnings.push(`Left out: ${text}`);
  };

  if (leftOutPrincipals.length > 0) {
    warn(`${listed(leftOutPrincipals)}, with their role memberships and permissions: a .bacpac (which must import into Azure SQL Database) has no place for them; create them again after a restore.`);
  }
  if (guessedLogins.length > 0) {
    warn(`which login the users ${listed(guessedLogins)} map to: Azure SQL Database does not tell a database, so the backup maps each to a login of the same name (how Azure and Umbraco Cloud name them).`);
  }
  if (orphaned.length > 0) {
    warn(`the logins of the orphaned users ${listed(orphaned)}: no login on the server has their SID, so they are carried as users without login.`);
  }
  const loginUsers = users.filter((u) => u.authentication === 'login').map((u) => u.login!);
  const passwordUsers = users.filter((u) => u.authentication === 'password').map((u) => u.name);
  if (loginUsers.length + passwordUsers.length > 0) {
    const whose = [...(loginUsers.length > 0 ? [`the logins ${listed([...new Set(loginUsers)])}`] : []), ...(passwordUsers.length > 0 ? [`the contained users ${listed(passwordUsers)}`] : [])];
    warn(`the passwords of ${whose.join(' and of ')}: a database never reveals them, so the backup carries random ones (as SqlPackage does); set them again after a restore.`);
  }

  for (const schema of model.schemas) {
    if (schema.owner !== undefined && !known(schema.owner)) {
      warn(`the owner ${schema.owner} of schema ${schema.name} (not in the backup): the schema is owned by dbo after a restore.`);
      schema.owner = 'dbo';
    }
  }
  for (const role of roles) {
    if (role.owner !== undefined && !known(role.owner)) {
      warn(`the owner ${role.owner} of role ${role.name} (not in the backup): the role is owned by dbo after a restore.`);
      delete role.owner;
    }
  }

  const memberships = rows.roleMembers
    .map((r) => ({ role: str(r, 'role_name'), member: str(r, 'member_name') }))
    .filter((ms) => known(ms.role) && known(ms.member));

  // Set only when there is something, like a parsed model.xml (and DatabaseModel producers that know no security).
  const permissions = readPermissions(model, rows.permissions, known, warn);
  if (users.length > 0) model.users = users;
  if (roles.length > 0) model.roles = roles;
  if (memberships.length > 0) model.roleMemberships = memberships;
  if (permissions.length > 0) model.permissions = permissions;
}

function userOf(row: Row, name: string, type: string, loginNamesUnknown: boolean): DatabaseUser | undefined {
  const schema = optStr(row, 'default_schema_name');
  const defaultSchema = schema !== undefined && schema.toLowerCase() !== 'dbo' ? { defaultSchema: schema } : {};
  const authentication = num(row, 'authentication_type');
  if (type === 'E' || type === 'X') return { name, authentication: 'external', ...defaultSchema };
  if (type !== 'S') return undefined;
  if (authentication === 2) return { name, authentication: 'password', ...defaultSchema };
  if (authentication === 1) {
    const login = optStr(row, 'login_name') ?? (loginNamesUnknown ? name : undefined);
    // A login-mapped user whose login is gone (an orphaned user) is kept as DacFx keeps it: without a login.
    return login === undefined ? { name, authentication: 'withoutLogin', ...defaultSchema } : { name, authentication: 'login', login, ...defaultSchema };
  }
  return { name, authentication: 'withoutLogin', ...defaultSchema };
}

function readPermissions(
  model: DatabaseModel, rows: Row[], known: (name: string | undefined) => boolean, warn: (text: string) => void,
): PermissionStatementModel[] {
  const objectKey = (o: ObjectName): string => `${o.schema}\u0000${o.name}`.toLowerCase();
  const objects = new Set([...model.tables, ...model.modules, ...model.sequences].map(objectKey));
  const types = new Set(model.userDefinedTypes.map(objectKey));
  const schemas = new Set(['dbo', 'guest', 'sys', 'information_schema', ...model.schemas.map((s) => s.name.toLowerCase())]);
  const statements: PermissionStatementModel[] = [];
  const revokes: { row: Row; permission: string; target: SecuredTarget }[] = [];
  const unsupported: string[] = [];
  const missingTargets: string[] = [];
  const lostGrantors: string[] = [];
  for (const row of rows) {
    const grantee = str(row, 'grantee_name');
    if (!known(grantee)) continue; // the principal itself was left out, and said so
    const sqlName = str(row, 'permission_name');
    const describe = (): string => `${sqlName} to ${grantee}`;
    const permission = dacfxPermissionName(sqlName);
    const cls = num(row, 'class');
    const target = securedTarget(row, cls);
    if (!permission) {
      unsupported.push(describe());
      continue;
    }
    if (!target) {
      unsupported.push(`${describe()} on ${securableClasses[cls] ?? `securable class ${cls}`} ${optStr(row, 'object_name') ?? ''}`.trim());
      continue;
    }
    const on = describeTarget(target);
    if ((target.kind === 'object' && !objects.has(objectKey(target.object))) || (target.kind === 'type' && !types.has(objectKey(target.object)))
      || (target.kind === 'schema' && !schemas.has(target.schema.toLowerCase())) || ((target.kind === 'user' || target.kind === 'role') && !known(target.name))) {
      missingTargets.push(`${describe()} on ${on}`);
      continue;
    }
    const state = code(row, 'state');
    if (state === 'R') {
      revokes.push({ row, permission, target });
      continue;
    }
    const grantor = optStr(row, 'grantor_name');
    const statement: PermissionStatementModel = { action: state === 'D' ? 'deny' : 'grant', permission, grantee, on: target };
    if (state === 'W') statement.withGrantOption = true;
    if (grantor !== undefined && grantor.toLowerCase() !== 'dbo') {
      if (known(grantor)) statement.grantor = grantor;
      else lostGrantors.push(`${grantor} (of ${describe()} on ${on})`);
    }
    statements.push(statement);
  }
  // REVOKE of a column under a table-level GRANT: DacFx's ExcludedColumns of that GRANT.
  for (const { row, permission, target } of revokes) {
    const grantee = str(row, 'grantee_name');
    const grant = target.kind === 'object' && target.column !== undefined
      ? statements.find((s) => s.action === 'grant' && s.permission === permission && s.grantee === grantee && s.on.kind === 'object'
        && s.on.column === undefined && objectKey(s.on.object) === objectKey(target.object))
      : undefined;
    if (grant && target.kind === 'object' && target.column !== undefined) (grant.excludedColumns ??= []).push(target.column);
    else unsupported.push(`REVOKE ${str(row, 'permission_name')} from ${grantee} on ${describeTarget(target)}`);
  }
  if (unsupported.length > 0) warn(`the permissions ${listed(unsupported)}: a .bacpac cannot carry them; grant them again after a restore.`);
  if (missingTargets.length > 0) warn(`the permissions ${listed(missingTargets)}: they are on objects the backup does not include.`);
  if (lostGrantors.length > 0) warn(`the grantors ${listed(lostGrantors)}: they are not in the backup, so dbo grants these permissions after a restore.`);
  return statements;
}

function securedTarget(row: Row, cls: number): SecuredTarget | undefined {
  const schema = optStr(row, 'schema_name');
  const name = optStr(row, 'object_name');
  switch (cls) {
    case 0: return { kind: 'database' };
    case 1: {
      if (schema === undefined || name === undefined) return undefined;
      const column = optStr(row, 'column_name');
      return column === undefined ? { kind: 'object', object: { schema, name } } : { kind: 'object', object: { schema, name }, column };
    }
    case 3: return schema === undefined ? undefined : { kind: 'schema', schema };
    case 4: {
      if (name === undefined) return undefined;
      const type = code(row, 'target_principal_type');
      if (type === 'R') return { kind: 'role', name };
      return type === 'S' || type === 'E' || type === 'X' ? { kind: 'user', name } : undefined;
    }
    case 6: return schema === undefined || name === undefined ? undefined : { kind: 'type', object: { schema, name } };
    default: return undefined;
  }
}

function describeTarget(t: SecuredTarget): string {
  switch (t.kind) {
    case 'database': return 'the database';
    case 'schema': return `schema ${t.schema}`;
    case 'object': return `${t.object.schema}.${t.object.name}${t.column !== undefined ? ` (${t.column})` : ''}`;
    case 'type': return `type ${t.object.schema}.${t.object.name}`;
    case 'user': case 'role': return `${t.kind} ${t.name}`;
  }
}
