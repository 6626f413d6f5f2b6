/**
 * model.xml → the security model and database options (the reverse of securityElements.ts and databaseOptions.ts):
 * SqlLogin, SqlUser, SqlRole, SqlRoleMembership, SqlPermissionStatement and SqlDatabaseOptions' properties.
 */
import { BackupError } from '../errors';
import { isDatabaseOptionName, parseDatabaseOption } from './databaseOptions';
import { findRelationship, propertyValue, type ModelElement } from './modelDom';
import { dacfxPermissionNameOfCode } from './permissionCodes';
import { splitQuotedName } from './quotedName';
import type { DatabaseModel, DatabaseOptionsModel, DatabaseUser, PermissionStatementModel, SecuredTarget } from './types';

function fail(what: string): never {
  throw new BackupError('format', `model.xml: ${what}.`);
}

function lastPart(qualified: string): string {
  const parts = splitQuotedName(qualified);
  return parts[parts.length - 1];
}

function firstReference(el: ModelElement, relationship: string): { name?: string; disambiguator?: number } | undefined {
  return findRelationship(el, relationship)?.entries[0]?.reference;
}

function referencedName(el: ModelElement, relationship: string): string | undefined {
  const name = firstReference(el, relationship)?.name;
  return name === undefined ? undefined : lastPart(name);
}

const authentications: Record<string, DatabaseUser['authentication']> = { 1: 'login', 2: 'password', 4: 'external' };

export function readUser(el: ModelElement): DatabaseUser {
  const name = lastPart(el.name ?? fail('a user has no name'));
  const type = propertyValue(el, 'AuthenticationType');
  const authentication = propertyValue(el, 'IsWithoutLogin') === 'True' ? 'withoutLogin'
    : type === undefined ? 'withoutLogin' : authentications[type] ?? fail(`user ${name} has AuthenticationType ${type}, which is not supported`);
  const user: DatabaseUser = { name, authentication };
  const login = referencedName(el, 'Login') ?? (authentication === 'login' ? propertyValue(el, 'LoginIdentifierScript') : undefined);
  if (login !== undefined) user.login = login.startsWith('[') ? lastPart(login) : login;
  const schema = referencedName(el, 'DefaultSchema');
  if (schema !== undefined) user.defaultSchema = schema;
  const password = propertyValue(el, 'Password');
  if (password !== undefined) user.password = password;
  return user;
}

/** Adds one security element to the model; false when `el` is not one. */
export function readSecurityElement(el: ModelElement, model: DatabaseModel): boolean {
  switch (el.type) {
    case 'SqlLogin': {
      const password = propertyValue(el, 'Password');
      (model.logins ??= []).push({ name: lastPart(el.name ?? fail('a login has no name')), ...(password !== undefined ? { password } : {}) });
      return true;
    }
    case 'SqlUser':
      (model.users ??= []).push(readUser(el));
      return true;
    case 'SqlRole': {
      const owner = referencedName(el, 'Authorizer');
      (model.roles ??= []).push({ name: lastPart(el.name ?? fail('a role has no name')), ...(owner !== undefined && owner.toLowerCase() !== 'dbo' ? { owner } : {}) });
      return true;
    }
    case 'SqlRoleMembership':
      (model.roleMemberships ??= []).push({
        role: referencedName(el, 'Role') ?? fail('a role membership has no Role'),
        member: referencedName(el, 'Member') ?? fail('a role membership has no Member'),
      });
      return true;
    case 'SqlPermissionStatement': {
      // One the model cannot represent (a securable class it has no place for) is listed in `skipped` instead.
      const statement = readPermission(el);
      if (statement) (model.permissions ??= []).push(statement);
      return statement !== undefined;
    }
    default:
      return false;
  }
}

function readPermission(el: ModelElement): PermissionStatementModel | undefined {
  const name = el.name ?? fail('a permission statement has no name');
  const [head] = splitQuotedName(name);
  const securedClass = head.split('.')[2];
  const permission = dacfxPermissionNameOfCode(Number(propertyValue(el, 'Permission')));
  const grantee = referencedName(el, 'Grantee');
  const on = securedTarget(el, securedClass, name);
  if (permission === undefined || grantee === undefined || on === undefined) return undefined;
  const grantor = referencedName(el, 'Grantor');
  const statement: PermissionStatementModel = {
    action: propertyValue(el, 'PermissionAction') === '1' ? 'deny' : 'grant',
    permission,
    grantee,
    on,
  };
  if (propertyValue(el, 'IsWithGrantOption') === 'True') statement.withGrantOption = true;
  if (grantor !== undefined && grantor.toLowerCase() !== 'dbo') statement.grantor = grantor;
  const excluded = (findRelationship(el, 'ExcludedColumns')?.entries ?? []).map((e) => e.reference?.name).filter((n): n is string => n !== undefined);
  if (excluded.length > 0) statement.excludedColumns = excluded.map(lastPart);
  return statement;
}

function securedTarget(el: ModelElement, securedClass: string | undefined, owner: string): SecuredTarget | undefined {
  const target = firstReference(el, 'SecuredObject') ?? fail(`${owner} has no SecuredObject`);
  if (securedClass === 'Database') return { kind: 'database' };
  if (target.name === undefined) return undefined;
  const parts = splitQuotedName(target.name);
  switch (securedClass) {
    case 'Schema': return { kind: 'schema', schema: parts[0] };
    case 'Object':
      return parts.length >= 3
        ? { kind: 'object', object: { schema: parts[0], name: parts[1] }, column: parts[2] }
        : { kind: 'object', object: { schema: parts[0], name: parts[1] } };
    case 'Type': return { kind: 'type', object: { schema: parts[0], name: parts[1] } };
    case 'User': return { kind: 'user', name: parts[0] };
    case 'Role': return { kind: 'role', name: parts[0] };
    default: return undefined;
  }
}

/** SqlDatabaseOptions' options (besides Collation) and its CompatibilityMode. */
export function readDatabaseOptions(el: ModelElement, model: DatabaseModel): void {
  const options: DatabaseOptionsModel = {};
  for (const p of el.properties) {
    if (p.value === undefined) continue;
    if (p.name === 'CompatibilityMode' && /^\d+$/.test(p.value)) model.compatibilityLevel = Number(p.value);
    if (!isDatabaseOptionName(p.name)) continue;
    const v = parseDatabaseOption(p.name, p.value);
    if (v !== undefined) (options as Record<string, boolean | number>)[p.name] = v;
  }
  if (Object.keys(options).length > 0) model.options = options;
}
