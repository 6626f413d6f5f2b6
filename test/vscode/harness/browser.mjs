// Headless Debian chromium driven by playwright-core (which downloads no browser of its own).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../../../scripts/vscode-tier/paths.mjs';

/** Flags that keep chromium from reaching the network on its own and let it run as root in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export const VIEWPORT = { width: 1400, height: 900 };

/** @returns {Promise<import('playwright-core').Browser>} */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing; run \`npm run test:vscode:setup\``);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
