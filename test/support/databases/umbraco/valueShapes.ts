/**
 * Text that looks like what Umbraco 13 stores: property values in its JSON formats (block list, rich text,
 * media picker, image cropper, multinode tree picker UDIs) and plain words. Realistic shapes matter for the
 * demo and the benchmark: they decide how well the data compresses.
 */
import type { SeededRandom } from '../random';

const words = [
  'umbraco', 'cloud', 'content', 'media', 'page', 'about', 'contact', 'news', 'article', 'product', 'service',
  'welcome', 'history', 'team', 'blog', 'event', 'summer', 'winter', 'offer', 'brochure', 'hero', 'banner',
  'image', 'gallery', 'section', 'block', 'footer', 'header', 'navigation', 'search', 'København', 'Århus',
  'café', 'naïve', 'réservé', 'Straße', 'data', 'backup', 'editor', 'publish', 'draft', 'version', 'culture',
];

export function wordsOfLength(rng: SeededRandom, length: number): string {
  let text = '';
  while (text.length < length) text += (text ? ' ' : '') + rng.pick(words);
  return text.slice(0, length);
}

function udi(rng: SeededRandom, type: 'document' | 'media' | 'element'): string {
  return `umb://${type}/${rng.guid().replace(/-/g, '').toLowerCase()}`;
}

function key(rng: SeededRandom): string {
  return rng.guid().toLowerCase();
}

function blockList(rng: SeededRandom): string {
  const blocks = Array.from({ length: rng.int(1, 6) }, () => udi(rng, 'element'));
  return JSON.stringify({
    layout: { 'Umbraco.BlockList': blocks.map((contentUdi) => ({ contentUdi })) },
    contentData: blocks.map((u) => ({
      contentTypeKey: key(rng),
      udi: u,
      title: wordsOfLength(rng, rng.int(8, 40)),
      text: `<p>${wordsOfLength(rng, rng.int(200, 1500))}</p>`,
    })),
    settingsData: [],
  });
}

function richText(rng: SeededRandom): string {
  const paragraphs = Array.from({ length: rng.int(1, 5) }, () => `<p>${wordsOfLength(rng, rng.int(80, 600))}</p>`);
  const link = `<p>Read <a href="/{localLink:${udi(rng, 'document')}}" title="More">more</a></p>`;
  return JSON.stringify({ markup: paragraphs.join('') + link, blocks: { layout: {}, contentData: [], settingsData: [] } });
}

export function textValueSample(rng: SeededRandom): string {
  const kind = rng.weighted({ blockList: 0.25, richText: 0.2, mediaPicker: 0.18, cropper: 0.12, mntp: 0.06, plain: 0.19 });
  switch (kind) {
    case 'blockList':
      return blockList(rng);
    case 'richText':
      return richText(rng);
    case 'mediaPicker':
      return JSON.stringify([{ key: key(rng), mediaKey: key(rng) }]);
    case 'cropper':
      return JSON.stringify({ src: `/media/${key(rng).slice(0, 8)}/${rng.pick(words)}-${rng.int(1, 99)}.jpg`, crops: [] });
    case 'mntp':
      return Array.from({ length: rng.int(1, 4) }, () => udi(rng, 'document')).join(',');
    default:
      return wordsOfLength(rng, rng.int(20, 400));
  }
}

/** A JSON object of roughly `length` characters (configuration, payloads, tour data). */
export function jsonSample(rng: SeededRandom, length: number): string {
  const entries: Record<string, unknown> = {};
  let text = '{}';
  for (let i = 0; text.length < length; i++) {
    entries[`${rng.pick(words)}${i}`] = rng.chance(0.3) ? rng.int(0, 1000) : rng.chance(0.5) ? rng.chance(0.5) : wordsOfLength(rng, rng.int(4, 40));
    text = JSON.stringify(entries);
  }
  return text;
}
