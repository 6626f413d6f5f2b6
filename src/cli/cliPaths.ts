/** Folders and files named on the command line, read the way the person's shell meant them. */
import { homedir } from 'node:os';
import { expandHome, platformPath, trimWindowsNames, type PathApi } from '../core/files/platformPaths';

export interface CliPathContext {
  home: string;
  cwd: string;
  path: PathApi;
}

const here = (): CliPathContext => ({ home: homedir(), cwd: process.cwd(), path: platformPath });

/** An absolute path: `~` is home (cmd and PowerShell leave it to us), relative is from the current folder. */
export function resolveCliPath(text: string, context: CliPathContext = here()): string {
  const { path } = context;
  return trimWindowsNames(path.resolve(context.cwd, expandHome(text, context.home)), path);
}
