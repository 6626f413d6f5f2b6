/**
 * The security model as DacFx writes it into model.xml (read off DacFx 170.5.96: the DemoStore package DacFx
 * exported, and DacFx's model of CREATE USER / ROLE / GRANT scripts — tools/dacfx-check/experiments/RESULTS.md):
 *
 * - SqlUser: IsWithoutLogin, LoginIdentifierScript, AuthenticationType (1 login, 2 password, 4 external), Password;
 *   relationships DefaultSchema (left out for dbo) and Login.
 * - SqlLogin for every login a user maps to, with a random Password: a database never reveals a login's password,
 *   and DacFx's export writes a random one too. A Disambiguator when a user, role or schema has the same name.
 * - A contained user's password cannot be read either: DacFx writes "a different password of appropriate
 *   complexity" (SqlPackage docs), and so does this writer; reset it after a restore.
 * - SqlRole with its Authorizer (dbo unless owned by another principal); SqlRoleMembership (unnamed: Member, Role).
 * - SqlPermissionStatement named `[Grant.Select.Object].[grantee].[grantor].[schema].[object]`; PermissionAction 1
 *   for DENY, IsWithGrantOption, Permission as DacFx's number; Grantor only when not dbo; ExcludedColumns.
 */
import { randomInt } from 'node:crypto';
import { BackupError } from '../errors';
import { builtIn, databaseOptionsDisambiguator, flag, ref, rel, sortRelationships, value } from './elementParts';
import { newElement, type ModelElement, type ModelEntry } from './modelDom';
import { compareModelNames } from './nameOrder';
import { dacfxPermissionCodes } from './permissionCodes';
import { quoteName, type DatabaseModel, type PermissionStatementModel, type SecuredTarget } from './types';

/** Principals every database has: DacFx references them as BuiltIns. */
const builtInPrincipals = new Set([
  'dbo', 'guest', 'public', 'sys', 'information_schema', 'db_owner', 'db_accessadmin', 'db_securityadmin', 'db_ddladmin',
  'db_backupoperator', 'db_datareader', 'db_datawriter', 'db_denydatareader', 'db_denydatawriter',
]);

/** Schemas every database has (a permission on one is a BuiltIns reference typed SqlSchema). */
const builtInSchemaNames = new Set(['dbo', 'guest', 'sys', 'information_schema']);

export function isBuiltInPrincipal(name: string): boolean {
  return builtInPrincipals.has(name.toLowerCase());
}

/**
 * A reference to a user or role: BuiltIns for the fixed ones, by name for those the model holds, and dbo for
 * anything else (an owner the backup left out, which the catalog reader has already warned about).
 */
export function principalEntry(model: DatabaseModel, name: string | undefined): ModelEntry {
  if (name === undefined || isBuiltInPrincipal(name)) return builtIn(quoteName(name ?? 'dbo'));
  const known = [...(model.users ?? []), ...(model.roles ?? [])].some((p) => p.name.toLowerCase() === name.toLowerCase());
  return known ? ref(quoteName(name)) : builtIn('[dbo]');
}

const classLabels: Record<SecuredTarget['kind'], string> = {
  database: 'Database', schema: 'Schema', object: 'Object', type: 'Type', user: 'User', role: 'Role',
};

/** The name DacFx gives a permission statement. */
export function permissionStatementName(p: PermissionStatementModel): string {
  const head = `${p.action === 'deny' ? 'Deny' : 'Grant'}.${p.permission}.${classLabels[p.on.kind]}`;
  return `${quoteName(head)}.${quoteName(p.grantee, p.grantor ?? 'dbo', ...securedParts(p.on))}`;
}

function securedParts(on: SecuredTarget): string[] {
  switch (on.kind) {
    case 'database': return [];
    case 'schema': return [on.schema];
    case 'object': return on.column === undefined ? [on.object.schema, on.object.name] : [on.object.schema, on.object.name, on.column];
    case 'type': return [on.object.schema, on.object.name];
    case 'user': case 'role': return [on.name];
  }
}

/** Printable ASCII without quotes, brackets and backslash; at least one of each class, 48 characters like DacFx's. */
const passwordClasses = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', '!#$%&()*+,-./:;<=>?@^_{|}~'];

/** A random password of the complexity SQL Server's policy asks for, from the OS's secure random source. */
export function randomPassword(length = 48): string {
  const all = passwordClasses.join('');
  const chars = passwordClasses.map((c) => c[randomInt(c.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** `mb` stays bare (as DacFx's export writes it); a name that is not a regular identifier is bracket-quoted. */
function loginIdentifierScript(login: string): string {
  return /^[A-Za-z_][A-Za-z0-9_@#$]*$/.test(login) ? login : quoteName(login);
}

export class SecurityElements {
  private readonly loginDisambiguators = new Map<string, number>();

  constructor(
    private readonly model: DatabaseModel,
    private readonly nextDisambiguator: () => number,
  ) {}

  /** Logins, users, roles and permission statements (the caller sorts them with the other named elements). */
  named(): ModelElement[] {
    const m = this.model;
    const out: ModelElement[] = [];
    // Logins before users: DacFx lists SqlLogin [mb] before SqlUser [mb] when both have one name.
    for (const login of this.logins()) out.push(this.login(login.name, login.password));
    for (const u of m.users ?? []) out.push(this.user(u));
    for (const r of m.roles ?? []) {
      const el = newElement('SqlRole', quoteName(r.name));
      rel(el, 'Authorizer', [principalEntry(m, r.owner)]);
      out.push(el);
    }
    for (const p of m.permissions ?? []) out.push(this.permission(p));
    return out;
  }

  /** Role memberships: unnamed, ordered by member then role. */
  memberships(): ModelElement[] {
    const list = [...(this.model.roleMemberships ?? [])].sort((a, b) => compareModelNames(a.member, b.member) || compareModelNames(a.role, b.role));
    return list.map((ms) => {
      const el = newElement('SqlRoleMembership');
      rel(el, 'Member', [principalEntry(this.model, ms.member)]);
      rel(el, 'Role', [principalEntry(this.model, ms.role)]);
      return el;
    });
  }

  /** The model's logins, plus one for every login a user names that the model does not list. */
  private logins(): { name: string; password?: string }[] {
    const logins = [...(this.model.logins ?? [])];
    for (const u of this.model.users ?? []) {
      if (u.authentication === 'login' && u.login !== undefined && !logins.some((l) => l.name.toLowerCase() === u.login!.toLowerCase())) {
        logins.push({ name: u.login });
      }
    }
    return logins;
  }

  private login(name: string, password: string | undefined): ModelElement {
    const el = newElement('SqlLogin', quoteName(name));
    const m = this.model;
    const clashes = [...(m.users ?? []), ...(m.roles ?? []), ...m.schemas].some((p) => p.name.toLowerCase() === name.toLowerCase());
    if (clashes) {
      el.disambiguator = this.nextDisambiguator();
      this.loginDisambiguators.set(name.toLowerCase(), el.disambiguator);
    }
    el.properties.push(value('Password', password ?? randomPassword()));
    return el;
  }

  private user(u: NonNullable<DatabaseModel['users']>[number]): ModelElement {
    const el = newElement('SqlUser', quoteName(u.name));
    if (u.authentication === 'withoutLogin') el.properties.push(flag('IsWithoutLogin'));
    if (u.authentication === 'login') {
      if (u.login === undefined) throw new BackupError('internal', `User ${u.name} maps to a login, but the model names none.`);
      el.properties.push({ name: 'LoginIdentifierScript', script: loginIdentifierScript(u.login) });
    }
    const authenticationType = { login: 1, password: 2, external: 4, withoutLogin: 0 }[u.authentication];
    if (authenticationType !== 0) el.properties.push(value('AuthenticationType', authenticationType));
    if (u.authentication === 'password') el.properties.push(value('Password', u.password ?? randomPassword()));
    if (u.defaultSchema !== undefined && u.defaultSchema.toLowerCase() !== 'dbo') {
      rel(el, 'DefaultSchema', [builtInSchemaNames.has(u.defaultSchema.toLowerCase()) ? builtIn(quoteName(u.defaultSchema)) : ref(quoteName(u.defaultSchema))]);
    }
    if (u.authentication === 'login' && u.login !== undefined) {
      const d = this.loginDisambiguators.get(u.login.toLowerCase());
      rel(el, 'Login', [{ reference: d === undefined ? { name: quoteName(u.login) } : { name: quoteName(u.login), disambiguator: d } }]);
    }
    return sortRelationships(el);
  }

  private permission(p: PermissionStatementModel): ModelElement {
    const code = dacfxPermissionCodes[p.permission];
    if (code === undefined) throw new BackupError('internal', `Permission ${p.permission} is not one DacFx knows.`);
    const el = newElement('SqlPermissionStatement', permissionStatementName(p));
    if (p.action === 'deny') el.properties.push(value('PermissionAction', 1));
    if (p.withGrantOption) el.properties.push(flag('IsWithGrantOption'));
    el.properties.push(value('Permission', code));
    const on = p.on;
    rel(el, 'ExcludedColumns', on.kind === 'object' ? (p.excludedColumns ?? []).map((c) => ref(quoteName(on.object.schema, on.object.name, c))) : []);
    rel(el, 'Grantee', [principalEntry(this.model, p.grantee)]);
    if (p.grantor !== undefined && p.grantor.toLowerCase() !== 'dbo') rel(el, 'Grantor', [principalEntry(this.model, p.grantor)]);
    rel(el, 'SecuredObject', [this.securedEntry(on)]);
    return el;
  }

  private securedEntry(on: SecuredTarget): ModelEntry {
    switch (on.kind) {
      case 'database': return { reference: { disambiguator: databaseOptionsDisambiguator } };
      case 'schema':
        return builtInSchemaNames.has(on.schema.toLowerCase())
          ? { reference: { externalSource: 'BuiltIns', name: quoteName(on.schema), type: 'SqlSchema' } }
          : ref(quoteName(on.schema));
      case 'user': case 'role': return principalEntry(this.model, on.name);
      default: return ref(quoteName(...securedParts(on)));
    }
  }
}
