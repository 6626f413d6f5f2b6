// Facts about the extension under test, read from its own package.json so tests hard-code no ids or titles.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The bundle runs from out/vscode-tier/suite.js, two levels below the project root. */
export const projectRoot = resolve(__dirname, '..', '..');

interface PackageJson {
  name: string;
  publisher: string;
  contributes?: { commands?: { command: string; title: string; category?: string }[] };
}

export const packageJson: PackageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
export const extensionId = `${packageJson.publisher}.${packageJson.name}`;
export const contributedCommands = packageJson.contributes?.commands ?? [];
