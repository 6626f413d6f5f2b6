import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatConnectionString, parseConnectionString, parseServerAddress } from '../../../src/core/connection/connectionString';
import type { ConnectionSettings } from '../../../src/core/connection/types';
import { isBackupError } from '../../../src/core/errors';

describe('parseServerAddress', () => {
  it('reads the Umbraco Cloud form and its variations', () => {
    assert.deepEqual(parseServerAddress('tcp:abc123.database.windows.net,1433'), { host: 'abc123.database.windows.net', port: 1433 });
    assert.deepEqual(parseServerAddress('TCP: abc.database.windows.net , 14330 '), { host: 'abc.database.windows.net', port: 14330 });
    assert.deepEqual(parseServerAddress('abc.database.windows.net'), { host: 'abc.database.windows.net' });
    assert.deepEqual(parseServerAddress('localhost:1434'), { host: 'localhost', port: 1434 });
    assert.deepEqual(parseServerAddress('127.0.0.1,50000'), { host: '127.0.0.1', port: 50000 });
    assert.deepEqual(parseServerAddress('[::1]:1433'), { host: '::1', port: 1433 });
  });

  it('refuses what tedious cannot reach with a clear message', () => {
    for (const bad of ['', 'tcp:', 'host,0', 'host,70000', 'host,12ab', 'np:\\\\.\\pipe\\sql', 'myhost\\SQLEXPRESS']) {
      assert.throws(() => parseServerAddress(bad), (e: unknown) => isBackupError(e) && e.kind === 'invalid', bad);
    }
  });
});

describe('parseConnectionString', () => {
  const portal = 'Server=tcp:abc.database.windows.net,1433;Database=umbraco-live;User ID=user-live;Password=p@ss;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;';

  it('reads the connection string the Umbraco Cloud portal shows', () => {
    const { settings, unknownKeys } = parseConnectionString(portal);
    assert.deepEqual(settings, {
      server: 'tcp:abc.database.windows.net,1433', database: 'umbraco-live', user: 'user-live', password: 'p@ss',
      encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30,
    });
    assert.deepEqual(unknownKeys, []);
  });

  it('accepts any key order, case, synonyms and whitespace', () => {
    const { settings } = parseConnectionString('  pwd = secret ; INITIAL CATALOG=Shop;uid=sa ;  Data Source = db.local,1500 ;connect timeout=9;Command Timeout=120');
    assert.deepEqual(settings, { password: 'secret', database: 'Shop', user: 'sa', server: 'db.local,1500', connectTimeoutSeconds: 9, commandTimeoutSeconds: 120 });
    for (const key of ['Server', 'Data Source', 'Address', 'Addr', 'Network Address', 'SERVER', 'data   source']) {
      assert.equal(parseConnectionString(`${key}=h`).settings.server, 'h', key);
    }
    for (const key of ['Database', 'Initial Catalog']) assert.equal(parseConnectionString(`${key}=d`).settings.database, 'd');
    for (const key of ['User ID', 'UID', 'User', 'user id']) assert.equal(parseConnectionString(`${key}=u`).settings.user, 'u');
    for (const key of ['Password', 'PWD']) assert.equal(parseConnectionString(`${key}=x`).settings.password, 'x');
    for (const key of ['Connection Timeout', 'Connect Timeout', 'Timeout']) assert.equal(parseConnectionString(`${key}=7`).settings.connectTimeoutSeconds, 7);
  });

  it('reads every Encrypt spelling', () => {
    const cases: [string, boolean][] = [['true', true], ['True', true], ['yes', true], ['mandatory', true],
      ['false', false], ['no', false], ['Optional', false], ['FALSE', false]];
    for (const [text, expected] of cases) assert.equal(parseConnectionString(`Encrypt=${text}`).settings.encrypt, expected, text);
    assert.equal(parseConnectionString('Encrypt=Strict').settings.encrypt, 'strict', 'Strict is TDS 8 strict encryption, not downgraded to true');
    assert.equal(parseConnectionString('TrustServerCertificate=yes').settings.trustServerCertificate, true);
    assert.equal(parseConnectionString('Trust Server Certificate=no').settings.trustServerCertificate, false);
    assert.throws(() => parseConnectionString('Encrypt=maybe'), (e: unknown) => isBackupError(e) && e.kind === 'invalid');
    assert.throws(() => parseConnectionString('TrustServerCertificate=mandatory'), (e: unknown) => isBackupError(e) && e.kind === 'invalid');
  });

  it('reads quoted values with separators and doubled quotes, and braces', () => {
    assert.equal(parseConnectionString(`Password='a;b''c';Database=x`).settings.password, "a;b'c");
    assert.equal(parseConnectionString(`Password="a;b""c'd"`).settings.password, `a;b"c'd`);
    assert.equal(parseConnectionString('Password={x;y}}z};User ID=u').settings.password, 'x;y}z');
    assert.equal(parseConnectionString("Password=' spaced ' ").settings.password, ' spaced ');
    assert.equal(parseConnectionString('Password=a==b').settings.password, 'a==b');
    assert.equal(parseConnectionString('Pass==word=1').unknownKeys[0], 'Pass=word');
  });

  it('lists keywords it does not use instead of failing', () => {
    const { unknownKeys } = parseConnectionString('Server=h;MultipleActiveResultSets=False;Persist Security Info=False');
    assert.deepEqual(unknownKeys, ['MultipleActiveResultSets', 'Persist Security Info']);
  });

  it('never repeats the password in an error', () => {
    const secret = 'Sup3r;Secret';
    for (const text of [`Password='${secret}`, `Password=${secret};Encrypt=sometimes`, `Password=${secret};Server=host,99999`, `Password=${secret};Timeout=soon`, `Password=${secret};Database`]) {
      assert.throws(() => parseConnectionString(text), (e: unknown) => {
        assert.ok(isBackupError(e) && e.kind === 'invalid');
        assert.ok(!e.message.includes('Sup3r'), e.message);
        return true;
      });
    }
  });
});

describe('parseConnectionString never quotes what follows the password (issue 15)', () => {
  // An unquoted password with ";" spills into what follows: every character after Password= may be the secret.
  const cases = [
    'Server=h;Database=d;User ID=u;Password=S3cr3t;CANARY-9z',
    'Server=h;Password=S3cr3t;CANARY=9z',
    'Server=h;PWD=S3cr3t;CANARY-9z;Encrypt=True',
    'Password=S3cr3t;Encrypt=CANARY-9z',
    'Password=S3cr3t;Connection Timeout=CANARY-9z',
    'Password=S3cr3t;Server=CANARY-9z\\inst',
    "Password=S3cr3t;Database='CANARY-9z",
    'Pwd=S3cr3t;CANARY-9z="x" y',
  ];
  for (const text of cases) {
    it(`says what to do without quoting: ${text.replace(/S3cr3t|CANARY-9z|CANARY|9z/g, '…')}`, () => {
      assert.throws(() => parseConnectionString(text), (e: unknown) => {
        assert.ok(isBackupError(e) && e.kind === 'invalid', String(e));
        for (const fragment of ['S3cr3t', 'CANARY', '9z']) assert.ok(!e.message.includes(fragment), e.message);
        return true;
      });
    });
  }

  it('still names ignored keywords after the password when they are ADO.NET keywords, and reads the rest', () => {
    const parsed = parseConnectionString('Server=h;Password=p;MultipleActiveResultSets=False;Encrypt=Strict');
    assert.deepEqual(parsed.unknownKeys, ['MultipleActiveResultSets']);
    assert.equal(parsed.settings.encrypt, 'strict');
    assert.equal(parseConnectionString('Password="S3;cr3t";Database=d').settings.password, 'S3;cr3t');
  });

  it('keeps quoting values before the password, where they cannot be part of it', () => {
    assert.throws(() => parseConnectionString('Encrypt=sometimes;Password=p'), (e: unknown) => isBackupError(e) && e.message.includes('"sometimes"'));
  });
});

describe('formatConnectionString', () => {
  const settings: ConnectionSettings = {
    server: 'tcp:abc.database.windows.net,1433', database: 'umbraco-live', user: 'user-live', password: "p;a'ss",
    encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30, commandTimeoutSeconds: 0,
  };

  it('leaves the password out unless asked', () => {
    const text = formatConnectionString(settings, { includePassword: false });
    assert.equal(text, 'Server=tcp:abc.database.windows.net,1433;Database=umbraco-live;User ID=user-live;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;');
    assert.ok(!/password/i.test(text));
  });

  it('round-trips through the parser, quoting what needs it', () => {
    const text = formatConnectionString({ ...settings, commandTimeoutSeconds: 60, database: ' odd;name ' }, { includePassword: true });
    assert.deepEqual(parseConnectionString(text).settings, { ...settings, commandTimeoutSeconds: 60, database: ' odd;name ' });
  });
});
