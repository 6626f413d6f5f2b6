import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTolerantStage } from '../../../src/core/restore/principalStages';

test('a refused statement becomes a warning that names it without its generated password, even when the server echoes it', async () => {
  const sql = "CREATE USER [shop] WITH PASSWORD = N'Xy''z9!secret', DEFAULT_SCHEMA = [dbo];";
  const warnings: string[] = [];
  const refused = await runTolerantStage([sql, 'CREATE ROLE [readers];'], async (statement) => {
    if (statement === sql) throw new Error("Password validation failed for 'Xy'z9!secret'.");
  }, warnings, 'Not created');
  assert.deepEqual(refused, [sql]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^Not created: CREATE USER \[shop\] WITH PASSWORD = \.\.\., DEFAULT_SCHEMA = \[dbo\]; — the server said: Password validation failed for '\.\.\.'\.$/);
  assert.ok(!warnings[0].includes('secret'));
});
