/**
 * The security model → T-SQL, for a restore that includes principals (RestoreRequest.includePrincipals):
 *
 *   principals   CREATE ROLE and CREATE USER (FOR LOGIN, WITHOUT LOGIN, FROM EXTERNAL PROVIDER, or a contained user
 *                WITH PASSWORD), before the schemas, so that CREATE SCHEMA … AUTHORIZATION can name them
 *   permissions  ALTER ROLE … ADD MEMBER, then GRANT / DENY (WITH GRANT OPTION, AS grantor) on the database,
 *                schemas, objects, columns, types, users and roles, after every object exists
 *
 * A contained user's password is not in a package (DacFx writes a random one, as we do): the script gives such a
 * user a new random password, and the restore tells the person to set one. Users whose login the target lacks,
 * and principals the server refused (`skipUsers`: users or roles), are left out with everything that names them:
 * their memberships, permissions, the roles they own (owned by dbo instead) and schema ownership.
 */
import { isBuiltInPrincipal, randomPassword } from '../model/securityElements';
import { quoteName, type DatabaseModel, type DatabaseUser, type PermissionStatementModel, type SecuredTarget } from '../model/types';
import { unicodeLiteral } from './typeDeclaration';

export interface SecurityScriptOptions {
  /** Users or roles (by name, any case) not to create, e.g. users whose login the target lacks. */
  skipUsers?: ReadonlySet<string>;
  /** The password a contained user gets (default: a new random one per user). */
  password?: (user: DatabaseUser) => string;
}

export interface SecurityScript {
  principals: string[];
  permissions: string[];
  /** Contained users created with a password the script made up: the person has to set their own. */
  generatedPasswords: string[];
  /** A principal name the script creates (or a built-in one), for schema owners. */
  creates(principal: string): boolean;
}

/** `ViewAnyColumnMasterKeyDefinition` → `VIEW ANY COLUMN MASTER KEY DEFINITION`. */
export function permissionSql(dacfxName: string): string {
  return dacfxName.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

function securable(on: SecuredTarget): string {
  switch (on.kind) {
    case 'database': return '';
    case 'schema': return ` ON SCHEMA::${quoteName(on.schema)}`;
    case 'object': return ` ON OBJECT::${quoteName(on.object.schema, on.object.name)}${on.column === undefined ? '' : ` (${quoteName(on.column)})`}`;
    case 'type': return ` ON TYPE::${quoteName(on.object.schema, on.object.name)}`;
    case 'user': return ` ON USER::${quoteName(on.name)}`;
    case 'role': return ` ON ROLE::${quoteName(on.name)}`;
  }
}

export function permissionStatements(p: PermissionStatementModel): string[] {
  const what = permissionSql(p.permission);
  const on = securable(p.on);
  const as = p.grantor !== undefined && p.grantor.toLowerCase() !== 'dbo' ? ` AS ${quoteName(p.grantor)}` : '';
  const first = p.action === 'deny'
    ? `DENY ${what}${on} TO ${quoteName(p.grantee)}${as};`
    : `GRANT ${what}${on} TO ${quoteName(p.grantee)}${p.withGrantOption ? ' WITH GRANT OPTION' : ''}${as};`;
  // A column left out of a table-level grant is a column-level REVOKE after it (sys.database_permissions state R).
  const revokes = p.on.kind === 'object' && p.on.column === undefined
    ? (p.excludedColumns ?? []).map((c) => `REVOKE ${what}${on} (${quoteName(c)}) FROM ${quoteName(p.grantee)}${as};`)
    : [];
  return [first, ...revokes];
}

function userStatement(u: DatabaseUser, password: string): string {
  const schema = u.defaultSchema ? `DEFAULT_SCHEMA = ${quoteName(u.defaultSchema)}` : '';
  const name = quoteName(u.name);
  switch (u.authentication) {
    case 'login': return `CREATE USER ${name} FOR LOGIN ${quoteName(u.login ?? u.name)}${schema ? ` WITH ${schema}` : ''};`;
    case 'withoutLogin': return `CREATE USER ${name} WITHOUT LOGIN${schema ? ` WITH ${schema}` : ''};`;
    case 'external': return `CREATE USER ${name} FROM EXTERNAL PROVIDER${schema ? ` WITH ${schema}` : ''};`;
    case 'password': return `CREATE USER ${name} WITH PASSWORD = ${unicodeLiteral(password)}${schema ? `, ${schema}` : ''};`;
  }
}

export function buildSecurityScript(model: DatabaseModel, options: SecurityScriptOptions = {}): SecurityScript {
  const skip = new Set([...(options.skipUsers ?? [])].map((n) => n.toLowerCase()));
  const users = (model.users ?? []).filter((u) => !skip.has(u.name.toLowerCase()));
  const roles = (model.roles ?? []).filter((r) => !skip.has(r.name.toLowerCase()));
  const known = new Set([...users, ...roles].map((p) => p.name.toLowerCase()));
  const creates = (name: string) => isBuiltInPrincipal(name) || known.has(name.toLowerCase());

  const principals: string[] = [];
  const generatedPasswords: string[] = [];
  for (const u of users) {
    if (u.authentication === 'password') generatedPasswords.push(u.name);
    principals.push(userStatement(u, u.authentication === 'password' ? (options.password ?? (() => randomPassword()))(u) : ''));
  }
  // Roles owned by another role come after it; an owner the script does not create leaves the role to dbo.
  const pending = [...roles];
  const made = new Set<string>();
  while (pending.length > 0) {
    const i = pending.findIndex((r) => !r.owner || !roles.some((o) => o.name.toLowerCase() === r.owner!.toLowerCase()) || made.has(r.owner.toLowerCase()));
    const [role] = pending.splice(i < 0 ? 0 : i, 1);
    made.add(role.name.toLowerCase());
    const owner = role.owner && role.owner.toLowerCase() !== 'dbo' && creates(role.owner) ? ` AUTHORIZATION ${quoteName(role.owner)}` : '';
    principals.push(`CREATE ROLE ${quoteName(role.name)}${owner};`);
  }

  const permissions: string[] = [];
  for (const m of model.roleMemberships ?? []) {
    if (creates(m.role) && creates(m.member)) permissions.push(`ALTER ROLE ${quoteName(m.role)} ADD MEMBER ${quoteName(m.member)};`);
  }
  const names = (on: SecuredTarget) => (on.kind === 'user' || on.kind === 'role' ? [on.name] : []);
  for (const p of model.permissions ?? []) {
    if (![p.grantee, p.grantor ?? 'dbo', ...names(p.on)].every(creates)) continue;
    permissions.push(...permissionStatements(p));
  }
  return { principals, permissions, generatedPasswords, creates };
}

/** The user or role a `CREATE USER` / `CREATE ROLE` statement of this script creates. */
export function createdPrincipal(sql: string): string | undefined {
  const m = /^CREATE (?:USER|ROLE) \[((?:[^\]]|\]\])*)\]/.exec(sql);
  return m ? m[1].replace(/\]\]/g, ']') : undefined;
}
