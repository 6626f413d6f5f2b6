/**
 * The order DacFx gives top-level model.xml elements (spec §4.3): by Name, culture-aware and case-insensitive, so
 * `[dbo].[Customer].[IX_…]` (`]` before letters) comes before `[dbo].[CustomerAddress]`, and `[dbo].[__EF…]`
 * before `[dbo].[Asp…]`.
 *
 * Culture-aware comparison depends on the ICU/NLS version, so this is a fixed, documented approximation of it:
 * characters compare by (class, weight): punctuation and symbols first in Windows (NLS) string-sort order, then
 * digits, then letters compared by their lower-case form; other characters by code point after those. Strings
 * equal under that order fall back to ordinal comparison, so the order is total and stable across machines.
 * NLS ignores `'` and `-` in word sort; here they simply come first. Fixture D confirms `]` before `_`
 * (`[SAP_TABLES]` < `[SAP_TABLES_TEMPLATE]`), fixture B `]` and `_` before letters.
 */

/** NLS order of the ASCII punctuation and symbols (all sort before digits and letters). */
const punctuationOrder = '\'- !"#$%&()*,./:;?@[\\]^_`{|}~+<=>';
const punctuationRank = new Map<number, number>([...punctuationOrder].map((c, i) => [c.charCodeAt(0), i]));

function weight(code: number): number {
  const p = punctuationRank.get(code);
  if (p !== undefined) return p;
  if (code < 0x20) return code - 0x20; // control characters first of all
  if (code >= 0x30 && code <= 0x39) return 100 + code;
  if (code >= 0x41 && code <= 0x5a) return 200 + code + 0x20; // A–Z weigh as a–z
  if (code >= 0x61 && code <= 0x7a) return 200 + code;
  return 1000 + code;
}

export function compareModelNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const wa = weight(ca);
    const wb = weight(cb);
    if (wa !== wb) return wa < wb ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
