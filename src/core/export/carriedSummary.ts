/**
 * What a backup carries besides tables and code: the security model and the database options, counted for the
 * log, the CLI summary and the demo. What it leaves out is in the warnings ("Left out: …").
 */
import { nonDefaultDatabaseOptions } from '../model/databaseOptions';
import type { DatabaseModel } from '../model/types';

export interface CarriedSecurity {
  users: number;
  roles: number;
  roleMemberships: number;
  permissions: number;
  /** The options written besides the collation, e.g. `IsReadCommittedSnapshot=True`, and the compatibility level. */
  options: string[];
}

export function carriedSecurity(model: DatabaseModel): CarriedSecurity {
  return {
    users: model.users?.length ?? 0,
    roles: model.roles?.length ?? 0,
    roleMemberships: model.roleMemberships?.length ?? 0,
    permissions: model.permissions?.length ?? 0,
    options: [
      ...(model.compatibilityLevel !== undefined ? [`compatibility level ${model.compatibilityLevel}`] : []),
      ...nonDefaultDatabaseOptions(model.options).map(([name, value]) => `${name}=${value}`),
    ],
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "4 users, 2 roles, 4 role memberships, 16 permissions; database options: compatibility level 160, …" */
export function describeCarried(c: CarriedSecurity): string {
  const principals = `${plural(c.users, 'user')}, ${plural(c.roles, 'role')}, ${plural(c.roleMemberships, 'role membership')}, ${plural(c.permissions, 'permission')}`;
  return `${principals}; database options: ${c.options.length > 0 ? c.options.join(', ') : 'the defaults'}`;
}
