/** A package's model as the script and the restore need it: model.xml parsed, with what the model leaves out. */
import { parseModelXml, type ParsedModelXml } from '../model/modelXmlParser';
import type { BacpacPackageReader } from '../package/bacpacReader';

const modelXmlLimit = 512 * 1024 * 1024;

export async function readPackageModel(reader: BacpacPackageReader): Promise<ParsedModelXml> {
  const xml = await reader.readPart('model.xml', modelXmlLimit);
  return parseModelXml(xml, { databaseName: reader.dacMetadata?.name });
}

/**
 * What a script without principals leaves out (the `script` command's and "Open Schema Script"'s header): the
 * model's users and roles by name, its memberships and permissions by count, and what the model itself left out.
 */
export function skippedPrincipals(parsed: ParsedModelXml): string[] {
  const m = parsed.model;
  const counted: [number, string][] = [[m.roleMemberships?.length ?? 0, 'role memberships'], [m.permissions?.length ?? 0, 'permissions']];
  return [
    ...(m.users ?? []).map((u) => `user ${u.name}`),
    ...(m.roles ?? []).map((r) => `role ${r.name}`),
    ...counted.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`),
    ...parsed.skipped.filter((s) => /^Sql(User|Login|Role|RoleMembership|PermissionStatement|ApplicationRole)\b/.test(s)),
  ];
}
