// The README's unattended-run recipes, tested as written: the sample backups.json passes the shipped schema and
// the checks; each recipe (cron, systemd, Windows Task Scheduler, GitHub Actions) keeps its passwords out of the
// command line and takes them from its scheduler's store; and each recipe's cloud-db-backup command runs against
// the SQL Server test double with exactly its flags (only the config file's path swapped for a local one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configuredBackups } from '../../../src/cli/config/backupConfig';
import { projectRoot, runCli, cliSkip as skip } from '../../support/cli/runCli';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase, type ServedDatabase } from '../../support/demo/serveDatabase';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

/** The fenced blocks of a README section (from its heading to the next heading of the same or a higher level). */
function blocksOf(heading: string): { lang: string; text: string }[] {
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has no section "${heading}"`);
  const level = heading.match(/^#+/)![0].length;
  const lines = readme.slice(start + heading.length + 2).split('\n');
  // The section ends at the next heading outside a code block (comments in sh and ini blocks start with #).
  let inFence = false;
  const end = lines.findIndex((line) => {
    if (line.startsWith('```')) inFence = !inFence;
    return !inFence && new RegExp(`^#{1,${level}} `).test(line);
  });
  const section = (end >= 0 ? lines.slice(0, end) : lines).join('\n');
  return [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));
}

const recipes = blocksOf('### Recipes: backups on a schedule without VS Code');

/** The arguments after `… backup` on the recipe's command line, up to the first redirection or quote. */
function recipeArgs(text: string): string[] {
  const line = text.split('\n').find((l) => /cloud-db-backup(\.js)? backup /.test(l));
  assert.ok(line, `no cloud-db-backup command in:\n${text}`);
  const after = line.slice(line.search(/cloud-db-backup(\.js)? backup /)).replace(/^\S+ backup /, '');
  return after.split(/\s+(?:>>?|2>>?|\||;|')/)[0].trim().split(/\s+/);
}

let live: ServedDatabase;
let staging: ServedDatabase;
let folder: string;
before(async () => {
  live = await serveDatabase(generateUmbracoDatabase({ scale: 0.02, databaseName: 'recipe-live' }));
  staging = await serveDatabase(generateUmbracoDatabase({ scale: 0.02, databaseName: 'recipe-staging' }));
  folder = mkdtempSync(join(tmpdir(), 'cli-recipes-'));
});
after(async () => {
  await live?.close();
  await staging?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('the README has the four recipes, each keeping the password in its scheduler\'s store', () => {
  const byKind = {
    cron: recipes.find((b) => b.lang === 'sh' && /\* \* \*/.test(b.text)),
    systemd: recipes.find((b) => b.lang === 'ini' && /\[Timer\]/.test(b.text)),
    windows: recipes.find((b) => b.lang === 'powershell'),
    actions: recipes.find((b) => b.lang === 'yaml'),
  };
  for (const [kind, block] of Object.entries(byKind)) {
    assert.ok(block, `the ${kind} recipe`);
    assert.doesNotMatch(block.text, /--password\b|Password=|PASSWORD=\S*[^…\s]/, `${kind}: no password on a command line or in the file`);
  }
  assert.match(byKind.cron!.text, /set -a; \. \/etc\/cloud-db-backup\/passwords\.env; set \+a;/);
  assert.match(byKind.systemd!.text, /EnvironmentFile=\/etc\/cloud-db-backup\/passwords\.env/);
  assert.match(byKind.systemd!.text, /Persistent=true/);
  assert.match(byKind.systemd!.text, /SuccessExitStatus=7/);
  assert.match(byKind.windows!.text, /SetEnvironmentVariable\('SHOP_LIVE_PASSWORD', .*\(Read-Host -AsSecureString/, 'typed without echo');
  assert.match(byKind.windows!.text, /-StartWhenAvailable/);
  assert.match(byKind.actions!.text, /SHOP_LIVE_PASSWORD: \$\{\{ secrets\.SHOP_LIVE_PASSWORD \}\}/);
  assert.match(byKind.actions!.text, /actions\/upload-artifact@v4[\s\S]*path: \|\n\s+backups\/\*\*\/\*\.bacpac/);
});

test('the sample backups.json passes the schema and the checks, with its two password variables set', () => {
  const sample = blocksOf('### Unattended runs: `--json` and `--config`').find((b) => b.lang === 'json');
  assert.ok(sample, 'the sample config');
  const parsed = JSON.parse(sample.text) as { databases: { passwordEnv: string }[] };
  const env = Object.fromEntries(parsed.databases.map((d) => [d.passwordEnv, 'x']));
  const backups = configuredBackups(parsed, join(folder, 'backups.json'), env);
  assert.deepEqual(backups.map((b) => b.label), ['Shop / Live', 'Shop / Staging']);
  assert.throws(() => configuredBackups(parsed, join(folder, 'backups.json'), {}), /SHOP_LIVE_PASSWORD, which is not set/);
});

test('each recipe\'s command runs as written against the test double', { skip }, async () => {
  const config = join(folder, 'backups.json');
  const entry = (s: ServedDatabase, passwordEnv: string, out: string) => ({ server: `tcp:127.0.0.1,${s.port}`, database: s.database, user: s.user, passwordEnv, out, trustServerCertificate: true, compression: 'fast' });
  writeFileSync(config, JSON.stringify({ databases: [entry(live, 'SHOP_LIVE_PASSWORD', 'backups/live'), entry(staging, 'SHOP_STAGING_PASSWORD', 'backups/staging')] }));
  const env = { SHOP_LIVE_PASSWORD: live.password, SHOP_STAGING_PASSWORD: staging.password };
  const kinds = recipes.filter((b) => /cloud-db-backup(\.js)? backup /.test(b.text));
  assert.equal(kinds.length, 4, 'cron, systemd, Task Scheduler and Actions each run the command');
  for (const [i, block] of kinds.entries()) {
    const args = recipeArgs(block.text);
    const at = args.indexOf('--config');
    assert.ok(at >= 0, `--config in ${args.join(' ')}`);
    args[at + 1] = config;
    const r = await runCli(['backup', ...args], env, { cwd: folder });
    assert.equal(r.code, 0, `${block.lang} recipe (${args.join(' ')}):\n${r.stderr}`);
    if (args.includes('--json')) assert.equal((JSON.parse(r.stdout) as { ok: boolean }).ok, true);
    assert.equal(readdirSync(join(folder, 'backups', 'live')).filter((f) => f.endsWith('.bacpac')).length, i + 1);
    // File names are per second: the next recipe's backups must not share this one's names.
    await new Promise((r2) => setTimeout(r2, 1100));
  }
});
