/**
 * What must never be in the .vsix: a native module (it would only load on the platform and Node ABI it was built
 * for, and the package is one for every platform) or a path that only works on Linux (names Windows cannot create,
 * names that collide where case is ignored, symlinks, the build machine's own folders).
 */
import { isWindowsDeviceStem, unsafeFileNameChars } from '../../../src/core/files/safeNames';

export interface VsixEntry {
  name: string;
  data: Buffer;
  unixMode: number;
}

const nativeFile = /\.(node|so|dylib|dll|exe)$/i;
const nativeFolder = /(^|\/)(prebuilds|build\/Release|build\/Debug|bin\/(linux|darwin|win32)-[^/]+)(\/|$)/;
/** What loading a native addon looks like in bundled JavaScript. */
const nativeLoad = /process\.dlopen|require\(\s*["'`][^"'`]+\.node["'`]\s*\)|node-gyp-build|require\(\s*["'`]bindings["'`]\s*\)/;
const symlinkMode = 0o120000;
/** What the marketplace and Windows Explorer handle: the install folder itself takes about 100 characters. */
const maxEntryPath = 150;

export function vsixProblems(entries: readonly VsixEntry[], buildMachinePaths: readonly string[]): string[] {
  const problems: string[] = [];
  const byLowerCase = new Map<string, string>();
  for (const entry of entries) {
    const { name } = entry;
    if (nativeFile.test(name) || nativeFolder.test(name)) problems.push(`${name}: a native module or binary`);
    if ((entry.unixMode & 0o170000) === symlinkMode) problems.push(`${name}: a symbolic link (Windows cannot extract it)`);
    if (name.includes('\\')) problems.push(`${name}: a backslash in an entry name`);
    if (name.length > maxEntryPath) problems.push(`${name}: ${name.length} characters, too long for Windows paths once installed`);
    for (const part of name.split('/')) {
      if (part.search(unsafeFileNameChars) >= 0) problems.push(`${name}: "${part}" has characters Windows forbids`);
      if (/[. ]$/.test(part)) problems.push(`${name}: "${part}" ends with a dot or space, which Windows drops`);
      if (isWindowsDeviceStem(part.split('.')[0])) problems.push(`${name}: "${part}" is a Windows device name`);
    }
    const lower = name.toLowerCase();
    const twin = byLowerCase.get(lower);
    if (twin !== undefined && twin !== name) problems.push(`${name}: collides with ${twin} where case is ignored (Windows, macOS)`);
    byLowerCase.set(lower, name);
    if (/\.(c|m)?js$/.test(name)) {
      const text = entry.data.toString('utf8');
      if (nativeLoad.test(text)) problems.push(`${name}: loads a native addon (${nativeLoad.exec(text)?.[0]})`);
      for (const path of buildMachinePaths) if (text.includes(path)) problems.push(`${name}: holds the build machine's path ${path}`);
    }
  }
  return problems;
}
