import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatConnectionString, parseConnectionString } from '../../../src/core/connection/connectionString';
import type { ConnectFormFields } from '../../../src/shared/connectFormProtocol';
import { validateConnectForm } from '../../../src/shared/connectFormValidation';
import { connectionSettingsOf, type CloudEnvironment } from '../../../src/vscode/model/cloudEnvironment';
import {
  connectionSettingsFromFields,
  effectivePassword,
  environmentFromFields,
  fieldsFromEnvironment,
  initMessage,
  passwordChangeOf,
  patchFromConnectionString,
} from '../../../src/vscode/model/connectFormModel';
import { englishL10n } from '../../../src/vscode/model/l10n';

const env: CloudEnvironment = {
  id: 'e1',
  project: 'Shop',
  environment: 'Staging',
  server: 'tcp:shop.database.windows.net,1433',
  database: 'shop-stage',
  login: 'stage-login',
  options: { encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 45 },
};

test('a new form starts with secure defaults and the configured timeout', () => {
  const f = fieldsFromEnvironment(undefined, { connectTimeoutSeconds: 20 }, false);
  assert.equal(f.encrypt, 'mandatory');
  assert.equal(f.trustServerCertificate, false);
  assert.equal(f.connectTimeoutSeconds, '20');
  assert.equal(f.password, '');
  assert.equal(f.server, '');
});

test('editing pre-fills every field but never the password', () => {
  const f = fieldsFromEnvironment(env, { connectTimeoutSeconds: 30 }, true);
  assert.deepEqual(f, {
    project: 'Shop',
    environment: 'Staging',
    server: 'tcp:shop.database.windows.net,1433',
    login: 'stage-login',
    password: '',
    rememberPassword: true,
    database: 'shop-stage',
    encrypt: 'mandatory',
    trustServerCertificate: false,
    connectTimeoutSeconds: '45',
    schedule: 'off',
    scheduleTime: '03:00',
    scheduleHours: '24',
  });
  assert.equal(fieldsFromEnvironment(env, { connectTimeoutSeconds: 30 }, false).rememberPassword, false);
});

test('form → environment → form round-trips and the environment holds no password', () => {
  const fields: ConnectFormFields = { ...fieldsFromEnvironment(env, { connectTimeoutSeconds: 30 }, true), password: 'pw', project: ' Shop ' };
  const back = environmentFromFields(fields, 'e1');
  assert.deepEqual(back, env);
  assert.ok(!JSON.stringify(back).includes('pw'));
});

test('the password decision: remember new, keep remembered, forget', () => {
  const base = fieldsFromEnvironment(env, { connectTimeoutSeconds: 30 }, true);
  assert.deepEqual(passwordChangeOf({ ...base, password: 'new' }), { kind: 'remember', password: 'new' });
  assert.deepEqual(passwordChangeOf({ ...base, password: '' }), { kind: 'keep' });
  assert.deepEqual(passwordChangeOf({ ...base, password: 'typed', rememberPassword: false }), { kind: 'forget' });
  assert.equal(effectivePassword({ ...base, password: '' }, 'stored'), 'stored');
  assert.equal(effectivePassword({ ...base, password: 'typed' }, 'stored'), 'typed');
  assert.equal(effectivePassword({ ...base, password: '' }, undefined), undefined);
});

test('connection settings from the form carry the database and options', () => {
  const s = connectionSettingsFromFields({ ...fieldsFromEnvironment(env, { connectTimeoutSeconds: 30 }, false), password: 'pw' }, 'pw');
  assert.deepEqual(s, {
    server: env.server,
    database: 'shop-stage',
    user: 'stage-login',
    password: 'pw',
    encrypt: true,
    trustServerCertificate: false,
    connectTimeoutSeconds: 45,
    commandTimeoutSeconds: 0,
  });
});

test('the Umbraco Cloud portal connection string fills server, database, login and password', () => {
  const parsed = parseConnectionString(
    'server=tcp:shop-live.database.windows.net,1433;database=shop-live-db;user id=shop-live-login;password=S3cr!t',
  );
  const patch = patchFromConnectionString(parsed);
  assert.equal(patch.server, 'tcp:shop-live.database.windows.net,1433');
  assert.equal(patch.database, 'shop-live-db');
  assert.equal(patch.login, 'shop-live-login');
  assert.equal(patch.password, 'S3cr!t');
  assert.equal(patch.project, undefined, 'the project name is not in a connection string');
  const filled: ConnectFormFields = { ...fieldsFromEnvironment(undefined, { connectTimeoutSeconds: 30 }, false), ...patch, project: 'Shop', environment: 'Live' };
  assert.deepEqual(validateConnectForm(filled, { passwordRemembered: false }), []);
});

test('options in a connection string fill the options; unknown keys are reported', () => {
  const parsed = parseConnectionString('Server=a.b;Initial Catalog=db;User ID=u;Encrypt=False;TrustServerCertificate=True;Connection Timeout=60;Application Name=x');
  const patch = patchFromConnectionString(parsed);
  assert.deepEqual(patch, { server: 'a.b', database: 'db', login: 'u', encrypt: 'optional', trustServerCertificate: true, connectTimeoutSeconds: '60' });
  assert.deepEqual(patchFromConnectionString({ settings: {}, unknownKeys: ['x'] }), {});
});

test('init message carries localized texts for every issue code and field', () => {
  const init = initMessage('edit', fieldsFromEnvironment(env, { connectTimeoutSeconds: 30 }, true), true, englishL10n);
  assert.equal(init.passwordRemembered, true);
  assert.equal(init.texts.passwordUnchanged, 'unchanged');
  for (const text of Object.values(init.issueTexts)) assert.ok(text.length > 0);
  assert.ok(init.issueTexts.required.includes('{field}'), 'the webview fills in the label');
  assert.equal(init.fieldLabels.database, 'Connect to database');
});

test('the schedule fields: off by default, saved with the environment, "since" kept while unchanged', () => {
  const fresh = fieldsFromEnvironment(undefined, { connectTimeoutSeconds: 30 }, false);
  assert.deepEqual([fresh.schedule, fresh.scheduleTime, fresh.scheduleHours], ['off', '03:00', '24']);
  const base: ConnectFormFields = { ...fieldsFromEnvironment(env, { connectTimeoutSeconds: 30 }, true), schedule: 'daily', scheduleTime: '02:15' };
  const daily = environmentFromFields(base, 'e1', env, 1000);
  assert.deepEqual(daily.schedule, { kind: 'daily', time: '02:15', since: 1000 });
  assert.deepEqual(fieldsFromEnvironment(daily, { connectTimeoutSeconds: 30 }, true).scheduleTime, '02:15');
  const edited = environmentFromFields({ ...base, login: 'other' }, 'e1', daily, 5000);
  assert.equal(edited.schedule?.since, 1000, 'editing something else keeps when the schedule started');
  const changed = environmentFromFields({ ...base, schedule: 'interval', scheduleHours: '6' }, 'e1', daily, 9000);
  assert.deepEqual(changed.schedule, { kind: 'interval', hours: 6, since: 9000 });
  assert.equal(environmentFromFields({ ...base, schedule: 'off' }, 'e1', daily, 9000).schedule, undefined);
});

test('schedule validation: a time of day, whole hours in range, and a remembered password', () => {
  const base: ConnectFormFields = { ...fieldsFromEnvironment(env, { connectTimeoutSeconds: 30 }, true), password: 'pw' };
  const codes = (patch: Partial<ConnectFormFields>) => validateConnectForm({ ...base, ...patch }, { passwordRemembered: true }).map((i) => `${i.field}:${i.code}`);
  assert.deepEqual(codes({ schedule: 'daily', scheduleTime: '03:30' }), []);
  assert.deepEqual(codes({ schedule: 'daily', scheduleTime: '25:00' }), ['scheduleTime:timeOfDay']);
  assert.deepEqual(codes({ schedule: 'interval', scheduleHours: '0' }), ['scheduleHours:hoursRange']);
  assert.deepEqual(codes({ schedule: 'interval', scheduleHours: '169' }), ['scheduleHours:hoursRange']);
  assert.deepEqual(codes({ schedule: 'off', scheduleTime: 'nonsense' }), [], 'fields of an unused schedule kind are not checked');
  assert.deepEqual(codes({ schedule: 'daily', rememberPassword: false }), ['schedule:scheduleNeedsPassword']);
  assert.deepEqual(codes({ schedule: 'weekly' }), ['schedule:scheduleKind']);
});

test('Encrypt=Strict in a pasted connection string selects Strict; Mandatory and Optional map to their choices', () => {
  const strict = patchFromConnectionString(parseConnectionString('Server=a.b;Database=db;Encrypt=Strict'));
  assert.equal(strict.encrypt, 'strict');
  assert.equal(patchFromConnectionString(parseConnectionString('Server=a.b;Encrypt=Mandatory')).encrypt, 'mandatory');
  assert.equal(patchFromConnectionString(parseConnectionString('Server=a.b;Encrypt=True')).encrypt, 'mandatory');
  assert.equal(patchFromConnectionString(parseConnectionString('Server=a.b;Encrypt=Optional')).encrypt, 'optional');
});

test('Strict survives form → saved environment → edit form, and the backup connects with encrypt: strict', () => {
  const fields: ConnectFormFields = { ...fieldsFromEnvironment(env, { connectTimeoutSeconds: 30 }, true), password: 'pw', encrypt: 'strict' };
  const saved = environmentFromFields(fields, 'e1');
  assert.equal(saved.options.encrypt, 'strict');
  assert.equal(fieldsFromEnvironment(saved, { connectTimeoutSeconds: 30 }, true).encrypt, 'strict');
  assert.equal(connectionSettingsOf(saved, 'pw').encrypt, 'strict');
  assert.equal(connectionSettingsFromFields(fields, 'pw').encrypt, 'strict');
  assert.match(formatConnectionString(connectionSettingsOf(saved, ''), { includePassword: false }), /;Encrypt=Strict;/);
  assert.equal(environmentFromFields({ ...fields, encrypt: 'optional' }, 'e1').options.encrypt, false);
  assert.equal(environmentFromFields({ ...fields, encrypt: 'mandatory' }, 'e1').options.encrypt, true);
});
