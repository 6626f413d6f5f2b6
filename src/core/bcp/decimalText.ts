/**
 * Exact decimal text ⇄ scaled integers, for decimal/numeric, money and smallmoney. Values travel as text
 * (values.ts), so nothing goes through a float: `12.345` at scale 2 becomes the integer 1235.
 *
 * A scaled integer is a `number` while it has at most 15 digits (exact in a double, and the common case) and a
 * `bigint` beyond that, so the hot path allocates no bigint.
 */
import { fail } from './valueError';

const maxNumberDigits = 15;
const pow10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * `text · 10^scale` rounded half away from zero (SQL Server's rule when a value has more fractional digits
 * than the scale). Accepts `[+-]digits[.digits][e[+-]digits]`.
 */
export function parseScaledDecimal(text: string, scale: number): number | bigint {
  const len = text.length;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    i = 1;
  }
  const intStart = i;
  while (i < len && isDigit(text.charCodeAt(i))) i++;
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  if (i < len && text.charCodeAt(i) === 46 /* . */) {
    fracStart = ++i;
    while (i < len && isDigit(text.charCodeAt(i))) i++;
    fracEnd = i;
  }
  const intLen = intEnd - intStart;
  const fracLen = fracEnd - fracStart;
  if (intLen + fracLen === 0) fail(`${quote(text)} is not a decimal number`);
  let exponent = 0;
  if (i < len && (text.charCodeAt(i) | 0x20) === 101 /* e */) {
    i++;
    let expNegative = false;
    const c = text.charCodeAt(i);
    if (c === 45 || c === 43) {
      expNegative = c === 45;
      i++;
    }
    const expStart = i;
    while (i < len && isDigit(text.charCodeAt(i))) {
      exponent = exponent * 10 + (text.charCodeAt(i) - 48);
      if (exponent > 1000) fail(`${quote(text)} is out of range`);
      i++;
    }
    if (i === expStart) fail(`${quote(text)} is not a decimal number`);
    if (expNegative) exponent = -exponent;
  }
  if (i !== len) fail(`${quote(text)} is not a decimal number`);

  const digitCount = intLen + fracLen;
  // Digit k of the digits with the point removed; no closure, so parsing allocates nothing.
  const fracShift = fracStart - intLen;
  // Keep the digits left of the (shifted) decimal point after scaling; the next digit decides rounding.
  const keep = intLen + exponent + scale;
  const roundUp = keep >= 0 && keep < digitCount && digitAt(text, intStart, intLen, fracShift, keep) >= 5;
  const available = Math.min(Math.max(keep, 0), digitCount);

  let leading = 0;
  while (leading < available && digitAt(text, intStart, intLen, fracShift, leading) === 0) leading++;
  const significant = available - leading + Math.max(keep - digitCount, 0);
  if (significant > 40) fail(`${quote(text)} is out of range`);

  let result: number | bigint;
  if (significant <= maxNumberDigits) {
    let acc = 0;
    for (let k = leading; k < available; k++) acc = acc * 10 + digitAt(text, intStart, intLen, fracShift, k);
    if (keep > digitCount) acc *= pow10[keep - digitCount];
    if (roundUp) acc += 1;
    result = negative && acc !== 0 ? -acc : acc;
  } else {
    let digits = '';
    for (let k = leading; k < available; k++) digits += String.fromCharCode(48 + digitAt(text, intStart, intLen, fracShift, k));
    if (keep > digitCount) digits += '0'.repeat(keep - digitCount);
    let acc = BigInt(digits);
    if (roundUp) acc += 1n;
    result = negative ? -acc : acc;
  }
  return result;
}

/** Decimal text of `scaled / 10^scale` with exactly `scale` fractional digits (`-0.50`, `12`, `0.000123`). */
export function formatScaledDecimal(scaled: number | bigint, scale: number): string {
  const negative = scaled < 0;
  let digits = String(negative ? -scaled : scaled);
  if (scale > 0) {
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** Accepts the decimal value kinds: text, and (for convenience) finite numbers and bigints. */
export function decimalValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return fail(`expected decimal text, got ${typeof value}`);
}

/** |scaled| < 10^digits. */
export function fitsDigits(scaled: number | bigint, digits: number): boolean {
  if (typeof scaled === 'number') return Math.abs(scaled) < 10 ** digits;
  const abs = scaled < 0n ? -scaled : scaled;
  return abs < bigPow10(digits);
}

const bigPow10Cache: bigint[] = [];
export function bigPow10(n: number): bigint {
  return (bigPow10Cache[n] ??= 10n ** BigInt(n));
}

function digitAt(text: string, intStart: number, intLen: number, fracShift: number, k: number): number {
  return text.charCodeAt(k < intLen ? intStart + k : fracShift + k) - 48;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 50 ? `${text.slice(0, 50)}…` : text);
}
