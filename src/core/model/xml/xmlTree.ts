/**
 * A light element tree on top of XmlTokenizer. `parseXmlSubtrees` hands over each element at a chosen depth as soon
 * as it closes and then forgets it, so reading a large model.xml element by element keeps memory flat.
 */
import { isUtf8 } from 'node:buffer';
import { BackupError } from '../../errors';
import { XmlTokenizer, type XmlHandler } from './xmlTokenizer';

/** A whole document in one buffer: Node's own UTF-8 check and decoder are much faster than a streaming TextDecoder. */
function wholeText(xml: string | Uint8Array): string {
  if (typeof xml === 'string') return xml;
  if (!isUtf8(xml)) throw new BackupError('format', 'The XML is not valid UTF-8.');
  return Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString('utf8');
}

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** The element's own character data (text and CDATA joined); indentation-only text is dropped. */
  text: string;
}

class SubtreeBuilder implements XmlHandler {
  private readonly stack: XmlNode[] = [];
  /** Ancestors above the handed-over depth, kept without their children. */
  readonly ancestors: XmlNode[] = [];

  constructor(
    private readonly depth: number,
    private readonly onSubtree: (node: XmlNode, ancestors: readonly XmlNode[]) => void,
  ) {}

  startElement(name: string, attributes: Record<string, string>): void {
    const node: XmlNode = { name, attributes, children: [], text: '' };
    if (this.stack.length < this.depth) this.ancestors.push(node);
    else if (this.stack.length > this.depth) this.stack[this.stack.length - 1].children.push(node);
    this.stack.push(node);
  }

  endElement(): void {
    const node = this.stack.pop();
    if (!node) return;
    if (node.children.length > 0 && /^[ \t\n]*$/.test(node.text)) node.text = '';
    if (this.stack.length === this.depth) this.onSubtree(node, this.ancestors);
    else if (this.stack.length < this.depth) this.ancestors.pop();
  }

  text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top && this.stack.length > this.depth) top.text += text;
  }
}

/**
 * Streams the document and calls `onSubtree` for every complete element `depth` levels below the root
 * (depth 0 = the root itself). Elements above that depth are passed as `ancestors`, without children.
 */
export function parseXmlSubtrees(
  chunks: Iterable<string | Uint8Array>,
  depth: number,
  onSubtree: (node: XmlNode, ancestors: readonly XmlNode[]) => void,
  limits: { maxElements?: number } = {},
): void {
  const builder = new SubtreeBuilder(depth, onSubtree);
  const tokenizer = new XmlTokenizer(builder, limits);
  for (const chunk of chunks) tokenizer.write(chunk);
  tokenizer.end();
}

/** Like parseXmlSubtrees for a document that is already complete in memory. */
export function parseXmlDocumentSubtrees(
  xml: string | Uint8Array,
  depth: number,
  onSubtree: (node: XmlNode, ancestors: readonly XmlNode[]) => void,
  limits: { maxElements?: number } = {},
): void {
  parseXmlSubtrees([wholeText(xml)], depth, onSubtree, limits);
}

/** The whole document as one tree. */
export function parseXmlDocument(xml: string | Uint8Array): XmlNode {
  let root: XmlNode | undefined;
  parseXmlSubtrees([wholeText(xml)], 0, (node) => {
    root = node;
  });
  // parseXmlSubtrees only returns after end(), which refuses a document without a root element.
  return root as XmlNode;
}
