/**
 * Hostile packages for the verify fuzz test, all derived from one good export with a fixed seed, so a failing case
 * is rebuilt byte for byte by its number: truncations, byte flips in headers and in data, zip bombs in model.xml,
 * in the other documents and in data parts (honest and lying sizes, and a 1 GiB value), absurd Zip64 fields,
 * `../` and absolute entry names, duplicate entries, and hostile XML (entity expansion, deep nesting, huge
 * attributes, millions of elements, bad UTF-8).
 */
import { createHash } from 'node:crypto';
import { SeededRandom } from '../databases/random';
import { buildZip, deflateBomb, entryOf, type RawEntry, type ZipEndOptions } from './rawZip';

export interface HostileCase {
  id: number;
  kind: string;
  /** What was done, enough to see the case without rebuilding it. */
  detail: string;
  bytes(): Buffer;
}

/** The good package's parts in order: name → uncompressed bytes. */
export type PackageParts = [name: string, content: Buffer][];

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const spaces16MiB = Buffer.alloc(16 * MiB, 0x20);

function withChecksum(parts: PackageParts): PackageParts {
  const model = parts.find(([n]) => n === 'model.xml')?.[1];
  if (!model) return parts;
  const sum = createHash('sha256').update(model).digest('hex').toUpperCase();
  return parts.map(([n, c]) => [n, n === 'Origin.xml' ? Buffer.from(c.toString('utf8').replace(/(<Checksum Uri="\/model\.xml">)[0-9A-F]+/, `$1${sum}`)) : c]);
}

const entries = (parts: PackageParts): RawEntry[] => parts.map(([name, content]) => entryOf(name, content));
const zip = (list: RawEntry[], end?: ZipEndOptions) => buildZip(list, end).bytes;
const replacePart = (parts: PackageParts, name: string, content: Buffer): PackageParts => parts.map(([n, c]) => [n, n === name ? content : c]);

/** An entry of `name` whose deflate data inflates to `size` bytes of `block` repeats after `prefix`, declaring `declared`. */
function bombEntry(name: string, block: Buffer, size: number, declared: number | bigint, prefix: Buffer<ArrayBufferLike> = Buffer.alloc(0)): RawEntry {
  const repeats = Math.max(1, Math.round((size - prefix.length) / block.length));
  const data = deflateBomb(block, repeats, prefix);
  const declaredNumber = Number(declared);
  return {
    name: Buffer.from(name), method: 8, data, crc: 0x1234abcd, compressedSize: data.length, uncompressedSize: declaredNumber,
    ...(typeof declared === 'bigint' ? { zip64: { uncompressed: declared } } : {}),
  };
}

const xmlAttacks = ['laughs', 'external-entity', 'deep-nesting', 'huge-attribute', 'many-elements', 'bad-utf8', 'nul', 'truncated', 'char-ref', 'many-attributes', 'huge-text', 'long-name'];

/** The `n`th XML attack (every kind in turn), its parameters drawn from `rng`. */
function hostileXml(rng: SeededRandom, n: number, original: Buffer, isModel: boolean): { detail: string; content: Buffer } {
  const root = isModel ? 'DataSchemaModel' : 'Root';
  const variant = xmlAttacks[n % xmlAttacks.length];
  switch (variant) {
    case 'laughs': {
      let dtd = '<!DOCTYPE lolz [<!ENTITY lol "lol">';
      for (let i = 1; i <= 12; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`;
      return { detail: 'billion laughs', content: Buffer.from(`<?xml version="1.0"?>${dtd}]><${root}>&lol12;</${root}>`) };
    }
    case 'external-entity':
      return { detail: 'external entity', content: Buffer.from(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><${root}>&x;</${root}>`) };
    case 'deep-nesting': {
      const depth = rng.pick([1000, 100_000, 1_000_000]);
      return { detail: `nesting ${depth} deep`, content: Buffer.from(`<${root}>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</${root}>`) };
    }
    case 'huge-attribute': {
      const size = rng.pick([1 * MiB, 8 * MiB, 15 * MiB]);
      return { detail: `${size}-byte attribute`, content: Buffer.from(`<${root} A="${'x'.repeat(size)}"/>`) };
    }
    case 'many-elements': {
      const count = rng.pick([500_000, 3_000_000]);
      return { detail: `${count} elements`, content: Buffer.from(`<${root}>${'<a/>'.repeat(count)}</${root}>`) };
    }
    case 'many-attributes': {
      const count = rng.pick([100_000, 1_000_000]);
      let attrs = '';
      for (let i = 0; i < count; i++) attrs += ` a${i}="1"`;
      return { detail: `${count} attributes`, content: Buffer.from(`<${root}${attrs}/>`) };
    }
    case 'huge-text':
      return { detail: 'huge text', content: Buffer.from(`<${root}>${'&amp;'.repeat(3 * MiB)}</${root}>`) };
    case 'long-name':
      return { detail: 'long element name', content: Buffer.from(`<${'n'.repeat(5 * MiB)}/>`) };
    case 'bad-utf8': {
      const copy = Buffer.from(original);
      const n = rng.int(1, 5);
      for (let i = 0; i < n; i++) copy[rng.int(0, copy.length - 1)] = rng.pick([0xff, 0xfe, 0xc3, 0xe2, 0x80]);
      return { detail: `${n} bad UTF-8 bytes`, content: copy };
    }
    case 'nul': {
      const at = rng.int(0, original.length - 1);
      return { detail: `NUL at ${at}`, content: Buffer.concat([original.subarray(0, at), Buffer.from([0]), original.subarray(at)]) };
    }
    case 'truncated': {
      const at = rng.int(0, original.length - 1);
      return { detail: `cut at ${at}`, content: original.subarray(0, at) };
    }
    default: {
      const ref = rng.pick(['&#0;', '&#x110000;', '&#xD800;', '&#99999999999;', '&unknown;', '&#x;']);
      const text = original.toString('utf8');
      const at = text.lastIndexOf('</');
      return { detail: `character reference ${ref}`, content: Buffer.from(text.slice(0, Math.max(0, at)) + ref + text.slice(Math.max(0, at))) };
    }
  }
}

const hostileNames = [
  '../evil.xml', '../../../../etc/passwd', '/abs/model.xml', 'C:\\evil\\model.xml', 'C:/evil.xml', 'Data/../model.xml',
  'Data/dbo.x/../../Origin.xml', '\\\\server\\share\\x', './model.xml', 'Data//TableData-000-00000.BCP', 'model.xml/', '',
  'Data/%2e%2e/x.BCP', 'n'.repeat(60_000), 'model.xml\u0000.txt', 'Data/dbo.T/TableData-000-00000.BCP\u0000',
];

/** Every case, in id order. `cacheTable` is the data part of a table whose rows are int, datetime, nvarchar(max). */
export function hostileCases(good: PackageParts, seed: number, cacheTable: { part: string }): HostileCase[] {
  const rng = new SeededRandom(seed);
  const cases: HostileCase[] = [];
  const add = (kind: string, detail: string, bytes: () => Buffer) => cases.push({ id: cases.length, kind, detail, bytes });
  const cached = entries(good);
  const baseEntries = () => [...cached];
  const layout = buildZip(baseEntries());
  const base = layout.bytes;
  const names = good.map(([n]) => n);
  const dataParts = names.filter((n) => n.startsWith('Data/'));

  add('control', 'the good package, rewritten', () => base);

  const fixedCuts = [0, 1, 4, 21, 22, 30, base.length - 1, base.length - 21, base.length - 22, base.length - 23];
  for (let i = 0; i < 40; i++) {
    const cut = i < fixedCuts.length ? fixedCuts[i] : rng.int(0, base.length - 1);
    add('truncation', `cut at ${cut} of ${base.length}`, () => base.subarray(0, cut));
  }

  for (const [kind, regions] of [['header-flip', layout.headers], ['data-flip', layout.data]] as const) {
    for (let i = 0; i < 40; i++) {
      const [start, end] = rng.pick(regions.filter(([s, e]) => e > s));
      const flips = Array.from({ length: rng.int(1, kind === 'header-flip' ? 4 : 8) }, () => [rng.int(start, end - 1), rng.int(1, 255)] as const);
      add(kind, `xor ${flips.map(([at, x]) => `${at}^${x}`).join(' ')}`, () => {
        const copy = Buffer.from(base);
        for (const [at, x] of flips) copy[at] ^= x;
        return copy;
      });
    }
  }

  for (let i = 0; i < 50; i++) {
    const flips = Array.from({ length: rng.int(10, 200) }, () => [rng.int(0, base.length - 1), rng.int(1, 255)] as const);
    add('multi-flip', `${flips.length} bytes anywhere`, () => {
      const copy = Buffer.from(base);
      for (const [at, x] of flips) copy[at] ^= x;
      return copy;
    });
  }

  const modelBombs: [string, Buffer, number, number | bigint][] = [
    ['3 GiB of spaces, size declared', spaces16MiB, 3 * GiB, 3 * GiB],
    ['1 GiB of spaces, size declared', spaces16MiB, GiB, GiB],
    ['3.9 GiB of "<", size declared', Buffer.alloc(16 * MiB, 0x3c), 3.9 * GiB, Math.round(3.9 * GiB)],
    ['2 GiB of zeros, size declared', Buffer.alloc(16 * MiB), 2 * GiB, 2 * GiB],
    ['6 GiB of spaces, Zip64 size declared', spaces16MiB, 6 * GiB, BigInt(6 * GiB)],
    ['3 GiB of spaces, 2 MiB declared', spaces16MiB, 3 * GiB, 2 * MiB],
    ['3 GiB of spaces, 15 MiB declared', spaces16MiB, 3 * GiB, 15 * MiB],
    ['1 GiB of "a", 1 KiB declared', Buffer.alloc(16 * MiB, 0x61), GiB, 1024],
    ['3 GiB of spaces, 0 declared', spaces16MiB, 3 * GiB, 0],
    ['1 GiB of spaces, 2^62 declared', spaces16MiB, GiB, 2n ** 62n],
    ['1 GiB of <a>, 14 MiB declared', Buffer.from('<a>'.repeat(5 * MiB)), GiB, 14 * MiB],
    ['1 GiB of spaces, 2^64-1 declared', spaces16MiB, GiB, 2n ** 64n - 1n],
  ];
  for (const [detail, block, size, declared] of modelBombs) {
    add('model-bomb', detail, () => zip(baseEntries().map((e) => (e.name.toString() === 'model.xml' ? bombEntry('model.xml', block, size, declared) : e))));
  }

  const cacheRow = Buffer.alloc(20);
  cacheRow.writeInt32LE(1, 0); // id
  cacheRow.writeBigUInt64LE(BigInt(GiB), 12); // nvarchar(max) value length: 1 GiB (datetime 1900-01-01 before it)
  const dataBombs: [string, string, Buffer, number, number | bigint, Buffer<ArrayBufferLike>?][] = [
    ['a 1 GiB value in a row, size declared', cacheTable.part, spaces16MiB, GiB + 20, GiB + 20, cacheRow],
    ['a 1 GiB value in a row, size declared (Zip64)', cacheTable.part, spaces16MiB, GiB + 20, BigInt(GiB + 20), cacheRow],
    ['512 MiB of spaces, size declared', dataParts[0], spaces16MiB, 512 * MiB, 512 * MiB],
    ['256 MiB of 0xFF, size declared', dataParts[1 % dataParts.length], Buffer.alloc(16 * MiB, 0xff), 256 * MiB, 256 * MiB],
    ['3 GiB of spaces, 1 MiB declared', dataParts[2 % dataParts.length], spaces16MiB, 3 * GiB, MiB],
    ['3 GiB of zeros, 64 KiB declared', dataParts[3 % dataParts.length], Buffer.alloc(16 * MiB), 3 * GiB, 65536],
    ['256 MiB of spaces, 2^63 declared', dataParts[4 % dataParts.length], spaces16MiB, 256 * MiB, 2n ** 63n],
    ['1 GiB of spaces, 0 declared', dataParts[5 % dataParts.length], spaces16MiB, GiB, 0],
    ['a 1 GiB value, 4 KiB declared', cacheTable.part, spaces16MiB, GiB + 20, 4096, cacheRow],
    ['1 GiB of spaces in a part for a table the model lacks', 'Data/dbo.NoSuchTable/TableData-000-00000.BCP', spaces16MiB, GiB, GiB],
  ];
  for (const [detail, part, block, size, declared, prefix] of dataBombs) {
    add('data-bomb', `${part}: ${detail}`, () => {
      const list = baseEntries().filter((e) => e.name.toString() !== part);
      return zip([...list, bombEntry(part, block, size, declared, prefix)]);
    });
  }

  for (const doc of ['Origin.xml', '_rels/.rels', '[Content_Types].xml', 'DacMetadata.xml']) {
    add('document-bomb', `${doc}: 2 GiB of spaces, size declared`, () => zip(baseEntries().map((e) => (e.name.toString() === doc ? bombEntry(doc, spaces16MiB, 2 * GiB, 2 * GiB) : e))));
    add('document-bomb', `${doc}: 2 GiB of "<", 1 MiB declared`, () => zip(baseEntries().map((e) => (e.name.toString() === doc ? bombEntry(doc, Buffer.alloc(16 * MiB, 0x3c), 2 * GiB, MiB) : e))));
  }

  const absurd = [2n ** 63n - 1n, 2n ** 64n - 1n, 2n ** 62n, 2n ** 40n, 0xffffffffn, 0n, 1n];
  for (let i = 0; i < 24; i++) {
    const target = rng.pick(names);
    const field = rng.pick(['uncompressed', 'compressed', 'offset', 'end-count', 'end-cd-size', 'end-cd-offset', 'classic-count'] as const);
    const value = rng.pick(absurd);
    add('zip64', `${field} = ${value}${field.startsWith('end') || field === 'classic-count' ? '' : ` on ${target}`}`, () => {
      const list = baseEntries().map((e): RawEntry => {
        if (e.name.toString() !== target || !['uncompressed', 'compressed', 'offset'].includes(field)) return e;
        return { ...e, zip64: { [field]: value } };
      });
      if (field === 'end-count') return zip(list, { zip64End: { count: value } });
      if (field === 'end-cd-size') return zip(list, { zip64End: { cdSize: value } });
      if (field === 'end-cd-offset') return zip(list, { zip64End: { cdOffset: value } });
      if (field === 'classic-count') return zip(list, { count: Number(value & 0xffffn) });
      return zip(list);
    });
  }

  for (const name of hostileNames) {
    const rename = rng.chance(0.5);
    const target = rng.pick(names);
    add('entry-name', `${rename ? `${target} renamed` : 'an entry added as'} ${JSON.stringify(name.length > 40 ? `${name.slice(0, 20)}…(${name.length})` : name)}`, () => {
      const list = baseEntries();
      if (rename) return zip(list.map((e) => (e.name.toString() === target ? { ...e, name: Buffer.from(name) } : e)));
      return zip([...list, entryOf(name, Buffer.from('<x/>'))]);
    });
  }
  add('entry-name', 'a name of invalid UTF-8 bytes', () => zip([...baseEntries(), { ...entryOf('x', Buffer.from('x')), name: Buffer.from([0xff, 0xfe, 0x2f, 0xc3]) }]));
  add('entry-name', 'local and central names differ (model.xml / ../model.xml)', () =>
    zip(baseEntries().map((e) => (e.name.toString() === 'model.xml' ? { ...e, centralName: Buffer.from('../model.xml') } : e))));

  const duplicates: [string, (list: RawEntry[]) => RawEntry[]][] = [
    ['model.xml twice, same content', (l) => [...l, l.find((e) => e.name.toString() === 'model.xml') as RawEntry]],
    ['model.xml twice, the second empty', (l) => [...l, entryOf('model.xml', Buffer.alloc(0))]],
    ['MODEL.XML beside model.xml', (l) => [...l, { ...(l.find((e) => e.name.toString() === 'model.xml') as RawEntry), name: Buffer.from('MODEL.XML') }]],
    ['Origin.xml twice, the second hostile', (l) => [...l, entryOf('Origin.xml', Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'))]],
    ['_rels/.rels twice', (l) => [...l, l.find((e) => e.name.toString() === '_rels/.rels') as RawEntry]],
    ['[Content_Types].xml twice', (l) => [...l, entryOf('[Content_Types].xml', Buffer.from('<Types/>'))]],
    ['every entry twice', (l) => [...l, ...l]],
    ['a data part twice', (l) => [...l, l.find((e) => e.name.toString() === dataParts[0]) as RawEntry]],
    ['a data part again in upper case', (l) => [...l, { ...(l.find((e) => e.name.toString() === dataParts[0]) as RawEntry), name: Buffer.from(dataParts[0].toUpperCase()) }]],
    ['a data part again as data/…', (l) => [...l, { ...(l.find((e) => e.name.toString() === dataParts[0]) as RawEntry), name: Buffer.from(dataParts[0].replace('Data/', 'data/')) }]],
    ['DacMetadata.xml first and last', (l) => [l.find((e) => e.name.toString() === 'DacMetadata.xml') as RawEntry, ...l]],
    ['a data part 1,000 times', (l) => [...l, ...Array.from({ length: 1000 }, () => l.find((e) => e.name.toString() === dataParts[0]) as RawEntry)]],
    ['model.xml twice, the second a bomb', (l) => [...l, bombEntry('model.xml', spaces16MiB, 3 * GiB, 3 * GiB)]],
    ['a folder entry Data/ among the parts', (l) => [...l, entryOf('Data/', Buffer.alloc(0))]],
    ['an empty package', () => []],
    ['only model.xml', (l) => l.filter((e) => e.name.toString() === 'model.xml')],
  ];
  for (const [detail, change] of duplicates) add('duplicate', detail, () => zip(change(baseEntries())));

  const xmlTargets = [...Array(24).fill('model.xml'), ...['Origin.xml', '_rels/.rels', '[Content_Types].xml', 'DacMetadata.xml'].flatMap((d) => Array(5).fill(d) as string[])];
  for (const [n, target] of xmlTargets.entries()) {
    const original = good.find(([name]) => name === target)?.[1] ?? Buffer.alloc(0);
    const { detail, content } = hostileXml(rng, n, original, target === 'model.xml');
    add('hostile-xml', `${target}: ${detail}`, () => zip(entries(withChecksum(replacePart(good, target, content)))));
  }

  return cases;
}
