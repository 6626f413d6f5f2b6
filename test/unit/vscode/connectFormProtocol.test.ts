import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage, type ConnectFormFields } from '../../../src/shared/connectFormProtocol';

const fields: ConnectFormFields = {
  project: 'Shop',
  environment: 'Live',
  server: 'tcp:shop.database.windows.net,1433',
  login: 'shop-live',
  password: 'p@ss;word',
  rememberPassword: true,
  database: 'shop-live-db',
  encrypt: 'mandatory',
  trustServerCertificate: false,
  connectTimeoutSeconds: '30',
  schedule: 'off',
  scheduleTime: '03:00',
  scheduleHours: '24',
};

test('accepts every well-formed message type', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
  assert.deepEqual(parseWebviewMessage({ type: 'cancel' }), { ok: true, message: { type: 'cancel' } });
  assert.deepEqual(parseWebviewMessage({ type: 'testConnection', requestId: 3, fields }), {
    ok: true,
    message: { type: 'testConnection', requestId: 3, fields },
  });
  assert.deepEqual(parseWebviewMessage({ type: 'save', fields, backUp: true }), {
    ok: true,
    message: { type: 'save', fields, backUp: true },
  });
  assert.deepEqual(parseWebviewMessage({ type: 'parseConnectionString', text: 'server=x;database=y' }), {
    ok: true,
    message: { type: 'parseConnectionString', text: 'server=x;database=y' },
  });
});

test('drops properties the protocol does not know', () => {
  const result = parseWebviewMessage({ type: 'save', fields: { ...fields, sneaky: 'x' }, backUp: false, extra: 1 });
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.deepEqual(Object.keys(result.message).sort(), ['backUp', 'fields', 'type']);
  assert.ok(result.message.type === 'save' && !('sneaky' in result.message.fields));
});

test('rejects anything that is not a well-formed message', () => {
  const bad: unknown[] = [
    null,
    undefined,
    'ready',
    42,
    [],
    {},
    { type: 'delete-everything' },
    { type: 'testConnection', fields },
    { type: 'testConnection', requestId: 1.5, fields },
    { type: 'testConnection', requestId: '1', fields },
    { type: 'save', fields },
    { type: 'save', fields, backUp: 'yes' },
    { type: 'save', fields: { ...fields, encrypt: true }, backUp: false },
    { type: 'save', fields: { ...fields, connectTimeoutSeconds: 30 }, backUp: false },
    { type: 'save', fields: { ...fields, server: undefined }, backUp: false },
    { type: 'save', fields: 'server=x', backUp: false },
    { type: 'parseConnectionString' },
    { type: 'parseConnectionString', text: 5 },
    { type: 'parseConnectionString', text: 'x'.repeat(5000) },
    { type: 'save', fields: { ...fields, database: 'd'.repeat(5000) }, backUp: false },
  ];
  for (const value of bad) {
    const result = parseWebviewMessage(value);
    assert.equal(result.ok, false, `accepted ${JSON.stringify(value)?.slice(0, 80)}`);
    if (!result.ok) assert.ok(result.error.length > 0);
  }
});

test('an error never echoes a field value', () => {
  const result = parseWebviewMessage({ type: 'save', fields: { ...fields, rememberPassword: 'hunter2' }, backUp: false });
  assert.equal(result.ok, false);
  if (!result.ok) assert.ok(!result.error.includes('hunter2') && !result.error.includes('p@ss'));
});
