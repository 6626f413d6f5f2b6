import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XmlTokenizer } from '../../../src/core/model/xml/xmlTokenizer';
import { parseXmlDocument, parseXmlSubtrees } from '../../../src/core/model/xml/xmlTree';
import { BackupError } from '../../../src/core/errors';

/** Every event as text, to compare runs. */
function events(chunks: (string | Uint8Array)[]): string[] {
  const out: string[] = [];
  const t = new XmlTokenizer({
    startElement: (name, attrs, selfClosing) => out.push(`<${name} ${JSON.stringify(attrs)}${selfClosing ? '/' : ''}>`),
    endElement: (name) => out.push(`</${name}>`),
    text: (text) => {
      // Text may arrive in pieces; join neighbours so chunking does not change the result.
      const last = out.length - 1;
      if (last >= 0 && out[last].startsWith('T:')) out[last] += text;
      else out.push(`T:${text}`);
    },
  });
  for (const c of chunks) t.write(c);
  t.end();
  return out;
}

const sample = '\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<!-- a comment -->\r\n<root a="1 &amp; 2" b=\'&lt;&#xD;&#xA;&#x9;x\' c="line\r\nbreak">'
  + '<v><![CDATA[if a < b && c ]]]]><![CDATA[> d\r\nend]]></v>text &quot;é€𝄞&quot; &#233;<e/><?pi data?></root>\r\n';

test('declaration, comments, entities, character references, CDATA and attributes', () => {
  const doc = parseXmlDocument(sample);
  assert.equal(doc.name, 'root');
  assert.deepEqual({ ...doc.attributes }, { a: '1 & 2', b: '<\r\n\tx', c: 'line break' });
  assert.equal(doc.children[0].text, 'if a < b && c ]]> d\nend', 'CDATA joined, CRLF normalised');
  assert.equal(doc.text, 'text "é€𝄞" é');
  assert.equal(doc.children[1].name, 'e');
});

test('streaming: one byte at a time gives the same events as the whole document', () => {
  const bytes = Buffer.from(sample, 'utf8');
  const whole = events([sample]);
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) pieces.push(bytes.subarray(i, i + 1));
  assert.deepEqual(events(pieces), whole);
  assert.deepEqual(events([bytes.subarray(0, 37), bytes.subarray(37, 120), bytes.subarray(120)]), whole);
});

test('subtrees are handed over at the requested depth with their ancestors', () => {
  const seen: string[] = [];
  parseXmlSubtrees(['<a x="1"><b><c n="1"><d/></c><c n="2"/></b></a>'], 2, (node, ancestors) => {
    seen.push(`${ancestors.map((a) => a.name).join('/')}/${node.name}${node.attributes.n}:${node.children.length}`);
  });
  assert.deepEqual(seen, ['a/b/c1:1', 'a/b/c2:0']);
});

test('malformed documents are refused', () => {
  const bad = [
    '<a><b></a></b>',
    '<a>&nbsp;</a>',
    '<a>&#x1;</a>',
    '<a>& b</a>',
    '<a x="1" x="2"/>',
    '<a x="<"/>',
    '<a x=1/>',
    '<a/><b/>',
    'text<a/>',
    '<a>',
    '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
    '<a/><?xml version="1.0"?>',
    '<?xml version="1.0" encoding="utf-16"?><a/>',
    '<a>]]></a>',
    '<a>\u0001</a>',
    '<a><!-- x -- y --></a>',
    '',
  ];
  for (const doc of bad) {
    assert.throws(() => parseXmlDocument(doc), (e: unknown) => e instanceof BackupError && e.kind === 'format', JSON.stringify(doc));
  }
  assert.throws(() => parseXmlDocument(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e])), /not valid UTF-8/);
});
