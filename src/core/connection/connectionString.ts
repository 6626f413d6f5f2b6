/**
 * Reading and writing ADO.NET connection strings, the shape the Umbraco Cloud portal shows:
 * `Server=tcp:x.database.windows.net,1433;Database=db;User ID=u;Password=p;Encrypt=True;…`.
 */
import { BackupError } from '../errors';
import type { ConnectionSettings, EncryptSetting } from './types';

export interface ServerAddress {
  host: string;
  /** Absent when the address names no port (SQL Server's default is 1433). */
  port?: number;
}

/** `tcp:host,1433`, `host,1433`, `host:1433` or `host` → host and port. */
export function parseServerAddress(server: string): ServerAddress {
  let text = server.trim();
  if (/^tcp:/i.test(text)) text = text.slice(4).trim();
  if (/^(np|lpc|admin):/i.test(text)) {
    throw new BackupError('invalid', `Only TCP server addresses are supported, not "${text.split(':')[0]}:".`);
  }
  let host = text;
  let portText: string | undefined;
  const comma = text.lastIndexOf(',');
  if (comma >= 0) {
    host = text.slice(0, comma).trim();
    portText = text.slice(comma + 1).trim();
  } else {
    // host:port, but not an IPv6 address (more than one colon) unless bracketed: [::1]:1433
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
    if (bracketed) {
      host = bracketed[1];
      portText = bracketed[2];
    } else if ((text.match(/:/g) ?? []).length === 1) {
      const colon = text.indexOf(':');
      host = text.slice(0, colon).trim();
      portText = text.slice(colon + 1).trim();
    }
  }
  if (host.includes('\\')) {
    throw new BackupError('invalid', `Named instances ("${host}") are not supported; give the server's TCP port instead, e.g. "${host.split('\\')[0]},1433".`);
  }
  if (host === '') throw new BackupError('invalid', 'The server address is empty.');
  if (portText === undefined || portText === '') return { host };
  if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new BackupError('invalid', `The port "${portText}" in the server address is not a number between 1 and 65535.`);
  }
  return { host, port: Number(portText) };
}

type SettingKey = keyof ConnectionSettings;

/** Connection string keywords (lower case, spaces collapsed) → the setting they fill. */
const keywordSynonyms: Record<string, SettingKey> = {
  'server': 'server', 'data source': 'server', 'address': 'server', 'addr': 'server', 'network address': 'server',
  'database': 'database', 'initial catalog': 'database',
  'user id': 'user', 'uid': 'user', 'user': 'user', 'userid': 'user', 'user name': 'user', 'username': 'user',
  'password': 'password', 'pwd': 'password',
  'encrypt': 'encrypt',
  'trustservercertificate': 'trustServerCertificate', 'trust server certificate': 'trustServerCertificate',
  'connection timeout': 'connectTimeoutSeconds', 'connect timeout': 'connectTimeoutSeconds', 'timeout': 'connectTimeoutSeconds',
  'command timeout': 'commandTimeoutSeconds',
};

export interface ParsedConnectionString {
  settings: Partial<ConnectionSettings>;
  /** Keywords this tool does not use (e.g. `MultipleActiveResultSets`), as written. */
  unknownKeys: string[];
}

interface RawPair {
  key: string;
  value: string;
  /**
   * The pair comes after a `Password=`/`PWD=`: an unquoted password with a `;` spills into the pairs after it, so
   * no message quotes any of their text.
   */
  afterPassword: boolean;
}

const isPasswordKey = (key: string) => ['password', 'pwd'].includes(key.trim().toLowerCase());

/** What to do about text after the password that does not parse: said without quoting a character of it. */
const afterPasswordAdvice = 'If the password contains ";", put it in double quotes: Password="…".';

/** Splits `k=v;k2='v;2'` into pairs following the ADO.NET rules (quotes, doubled quotes, `==` in keys, braces). */
function splitPairs(text: string): RawPair[] {
  const pairs: RawPair[] = [];
  let i = 0;
  const n = text.length;
  let afterPassword = false;
  /** The key as a message may show it: not at all once past the password. */
  const shown = (key: string) => (afterPassword ? 'a keyword after the password' : `"${key.trim()}"`);
  const noValue = (key: string) => new BackupError('invalid', afterPassword
    ? `The connection string has text after the password that is not a keyword=value pair. ${afterPasswordAdvice}`
    : `The connection string has a keyword without a value: "${key.trim()}".`);
  while (i < n) {
    while (i < n && (text[i] === ';' || /\s/.test(text[i]))) i++;
    if (i >= n) break;
    // key: up to a single '=' ('==' is a literal '=')
    let key = '';
    for (;;) {
      if (i >= n) throw noValue(key);
      const ch = text[i];
      if (ch === '=') {
        if (text[i + 1] === '=') { key += '='; i += 2; continue; }
        i++;
        break;
      }
      if (ch === ';') throw noValue(key);
      key += ch;
      i++;
    }
    while (i < n && /[ \t]/.test(text[i])) i++;
    let value = '';
    const open = text[i];
    if (open === '"' || open === "'" || open === '{') {
      const close = open === '{' ? '}' : open;
      i++;
      for (;;) {
        if (i >= n) throw new BackupError('invalid', `A quoted value in the connection string (keyword ${shown(key)}) is not closed.`);
        if (text[i] === close) {
          if (text[i + 1] === close) { value += close; i += 2; continue; }
          i++;
          break;
        }
        value += text[i++];
      }
      while (i < n && /\s/.test(text[i])) i++;
      if (i < n && text[i] !== ';') {
        throw new BackupError('invalid', `Unexpected text after the quoted value of ${shown(key)} in the connection string.${isPasswordKey(key) || afterPassword ? ` ${afterPasswordAdvice}` : ''}`);
      }
    } else {
      while (i < n && text[i] !== ';') value += text[i++];
      value = value.trim();
    }
    pairs.push({ key: key.trim(), value, afterPassword });
    if (isPasswordKey(key)) afterPassword = true;
  }
  return pairs;
}

/** `not "value"`, or nothing when the value comes after the password (it may be part of it). */
function notValue(pair: RawPair): string {
  return pair.afterPassword ? `. ${afterPasswordAdvice}` : `, not "${pair.value}".`;
}

function parseBoolean(pair: RawPair, allowed: Record<string, boolean>): boolean {
  const v = pair.value.trim().toLowerCase();
  if (v in allowed) return allowed[v];
  const names = Object.keys(allowed).map((k) => k[0].toUpperCase() + k.slice(1));
  throw new BackupError('invalid', `"${pair.key}" must be ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}${notValue(pair)}`);
}

const booleans = { true: true, false: false, yes: true, no: false };

function parseSeconds(pair: RawPair): number {
  if (!/^\s*\d+\s*$/.test(pair.value)) {
    throw new BackupError('invalid', `"${pair.key}" must be a whole number of seconds${notValue(pair)}`);
  }
  return Number(pair.value);
}

/** ADO.NET keywords this tool ignores: named when ignored, also after the password (they are not part of it). */
const knownIgnoredKeywords = new Set([
  'multipleactiveresultsets', 'persist security info', 'persistsecurityinfo', 'application name', 'app', 'pooling',
  'max pool size', 'min pool size', 'applicationintent', 'application intent', 'multisubnetfailover', 'connectretrycount',
  'connect retry count', 'connectretryinterval', 'connect retry interval', 'packet size', 'workstation id', 'wsid',
  'integrated security', 'trusted_connection', 'authentication', 'column encryption setting', 'failover partner',
  'load balance timeout', 'connection lifetime', 'current language', 'language', 'enlist', 'transaction binding',
  'type system version', 'replication', 'hostnameincertificate', 'host name in certificate', 'server spn',
  'ipaddresspreference', 'ip address preference', 'poolblockingperiod', 'pool blocking period', 'network library', 'net',
]);

/**
 * Parses an ADO.NET connection string: keywords in any order and case, the usual synonyms, quoted values.
 * Errors never repeat the password's value.
 */
export function parseConnectionString(text: string): ParsedConnectionString {
  const settings: Partial<ConnectionSettings> = {};
  const unknownKeys: string[] = [];
  for (const pair of splitPairs(text)) {
    const { key, value } = pair;
    const normalized = key.toLowerCase().replace(/\s+/g, ' ');
    const target = keywordSynonyms[normalized];
    if (target === undefined) {
      // After the password, an unknown keyword may be the password's own text: never shown.
      if (pair.afterPassword && !knownIgnoredKeywords.has(normalized)) {
        throw new BackupError('invalid', `The connection string has a keyword this tool does not know after the password. ${afterPasswordAdvice}`);
      }
      unknownKeys.push(key);
      continue;
    }
    switch (target) {
      case 'server':
        if (pair.afterPassword) validateAfterPassword(value);
        else parseServerAddress(value); // validates; the settings keep the text as written
        settings.server = value;
        break;
      case 'database':
      case 'user':
      case 'password':
        settings[target] = value;
        break;
      case 'encrypt':
        settings.encrypt = parseEncrypt(pair);
        break;
      case 'trustServerCertificate':
        settings.trustServerCertificate = parseBoolean(pair, booleans);
        break;
      case 'connectTimeoutSeconds':
      case 'commandTimeoutSeconds':
        settings[target] = parseSeconds(pair);
        break;
    }
  }
  return { settings, unknownKeys };
}

/** `Encrypt`: Strict is TDS 8 strict encryption, Mandatory/True/Yes encrypt, Optional/False/No do not. */
function parseEncrypt(pair: RawPair): EncryptSetting {
  const v = pair.value.trim().toLowerCase();
  if (v === 'strict') return 'strict';
  return parseBoolean(pair, { ...booleans, mandatory: true, optional: false, strict: true });
}

/** The server address after the password: checked without quoting it (it may be the password's tail). */
function validateAfterPassword(value: string): void {
  try {
    parseServerAddress(value);
  } catch {
    throw new BackupError('invalid', `The server address after the password is not valid. ${afterPasswordAdvice}`);
  }
}

/** Quotes a value when ADO.NET would otherwise misread it. */
function quoteValue(value: string): string {
  if (value === '' || /[;'"]/.test(value) || /^\s|\s$/.test(value) || value.startsWith('{')) {
    if (!value.includes('"')) return `"${value}"`;
    return `'${value.replace(/'/g, "''")}'`;
  }
  return value;
}

/** Writes the settings as a connection string (for "Copy Connection String"); the password only when asked. */
export function formatConnectionString(settings: ConnectionSettings, options: { includePassword: boolean }): string {
  const parts: [string, string][] = [
    ['Server', settings.server],
    ['Database', settings.database],
    ['User ID', settings.user],
  ];
  if (options.includePassword) parts.push(['Password', settings.password]);
  parts.push(
    ['Encrypt', settings.encrypt === 'strict' ? 'Strict' : settings.encrypt ? 'True' : 'False'],
    ['TrustServerCertificate', settings.trustServerCertificate ? 'True' : 'False'],
    ['Connection Timeout', String(settings.connectTimeoutSeconds)],
  );
  if (settings.commandTimeoutSeconds !== 0) parts.push(['Command Timeout', String(settings.commandTimeoutSeconds)]);
  return parts.map(([k, v]) => `${k}=${quoteValue(v)};`).join('');
}
