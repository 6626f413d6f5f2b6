import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The project's sibling `../shared` folder holds real DacFx packages and the Umbraco schema. A fresh clone
 * has no such folder, so tests that need it skip with this reason instead of failing.
 */
const sharedRoot = resolve(__dirname, '..', '..', '..', '..', 'shared');

export function sharedPath(...parts: string[]): string {
  return resolve(sharedRoot, ...parts);
}

/** `false` when the fixture exists, else the skip reason for node:test's `{ skip }` option. */
export function skipUnlessShared(...parts: string[]): false | string {
  const path = sharedPath(...parts);
  return existsSync(path) ? false : `needs ${path}, which exists only next to a project checkout with ../shared`;
}
