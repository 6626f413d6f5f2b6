import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BackupProgress } from '../../../src/core/export/types';
import { englishL10n } from '../../../src/vscode/model/l10n';
import { ProgressPresenter } from '../../../src/vscode/model/progressPresenter';

const base: BackupProgress = { phase: 'connecting', rowsDone: 0, rowsEstimated: 0, bytesWritten: 0, elapsedMs: 0 };

test('phases before the data show their name, no increment, and a status text without percent', () => {
  const p = new ProgressPresenter(englishL10n, 'Live');
  const v = p.present(base);
  assert.equal(v.message, 'Connecting…');
  assert.equal(v.increment, undefined);
  assert.equal(v.percent, undefined);
  assert.equal(v.statusText, '$(sync~spin) Live: Connecting…');
  assert.equal(p.present({ ...base, phase: 'reading-schema' }).message, 'Reading the schema…');
});

test('data export: table i of n, rows and percentage; increments add up to the percentage', () => {
  const p = new ProgressPresenter(englishL10n, 'Live');
  const first = p.present({ ...base, phase: 'exporting-data', tableIndex: 1, tableCount: 12, table: 'dbo.umbracoNode', rowsDone: 1_000, rowsEstimated: 10_000 });
  assert.equal(first.message, 'Table 1 of 12: dbo.umbracoNode — 1,000 rows, 9%');
  assert.equal(first.increment, 9);
  assert.equal(first.statusText, '$(sync~spin) Live: 9%');
  const second = p.present({ ...base, phase: 'exporting-data', tableIndex: 7, tableCount: 12, table: 'dbo.cmsContent', rowsDone: 5_000, rowsEstimated: 10_000 });
  assert.equal(second.increment, 38); // 47 − 9
  assert.equal(second.percent, 47);
});

test('the bar never moves backwards when the estimate grows, and never passes 100', () => {
  const p = new ProgressPresenter(englishL10n, 'Staging');
  let total = 0;
  const events: BackupProgress[] = [
    { ...base, phase: 'exporting-data', rowsDone: 800, rowsEstimated: 1_000 },
    { ...base, phase: 'exporting-data', rowsDone: 900, rowsEstimated: 3_000 }, // estimate tripled
    { ...base, phase: 'exporting-data', rowsDone: 5_000, rowsEstimated: 3_000 }, // more rows than estimated
    { ...base, phase: 'finishing', rowsDone: 5_000, rowsEstimated: 3_000, bytesWritten: 2048 },
    { ...base, phase: 'verifying', rowsDone: 5_000, rowsEstimated: 3_000 },
    { ...base, phase: 'done', rowsDone: 5_000, rowsEstimated: 3_000 },
  ];
  let last = 0;
  for (const e of events) {
    const v = p.present(e);
    total += v.increment ?? 0;
    assert.ok((v.percent ?? last) >= last, `went back at ${e.phase}`);
    last = v.percent ?? last;
  }
  assert.equal(total, 100);
  assert.equal(last, 100);
});

test('finishing shows the bytes written; unknown estimates show rows without percent', () => {
  const p = new ProgressPresenter(englishL10n, 'Live');
  assert.equal(p.present({ ...base, phase: 'exporting-data', rowsDone: 12_345, rowsEstimated: 0 }).message, 'Exporting data — 12,345 rows');
  const finishing = p.present({ ...base, phase: 'finishing', bytesWritten: 3 * 1024 * 1024 });
  assert.equal(finishing.message, 'Finishing the package… (3.00 MB written)');
  assert.equal(finishing.increment, 95);
  assert.equal(finishing.statusText, '$(sync~spin) Live: 95%');
});

test('a restart after a transient fault is shown as it is said, in place of the table line', () => {
  const p = new ProgressPresenter(englishL10n, 'Live');
  p.present({ ...base, phase: 'exporting-data', tableIndex: 3, tableCount: 12, table: 'dbo.umbracoNode', rowsDone: 1_000, rowsEstimated: 10_000 });
  const v = p.present({ ...base, phase: 'exporting-data', tableIndex: 3, tableCount: 12, table: 'dbo.umbracoNode', rowsDone: 1_000, rowsEstimated: 10_000, message: 'connection lost in dbo.umbracoNode; retrying 1 of 3 in 10 s' });
  assert.equal(v.message, 'connection lost in dbo.umbracoNode; retrying 1 of 3 in 10 s');
  assert.equal(p.present({ ...base, phase: 'connecting' }).message, 'Connecting…', 'the next report replaces it');
});
