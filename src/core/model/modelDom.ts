/**
 * model.xml's generic shape (spec §4.3): Element → Property / Relationship(Entry → References | Element) /
 * Annotation / AttachedAnnotation. The writer builds these from a DatabaseModel and serialises them; the parser reads
 * them from XML and maps them to a DatabaseModel; the reference check and the object counts walk them.
 */
import { BackupError } from '../errors';
import type { XmlNode } from './xml/xmlTree';
import { cdata, escapeAttribute, findNonXmlChar } from './xml/xmlText';

export const modelNamespace = 'http://schemas.microsoft.com/sqlserver/dac/Serialization/2012/02';

export interface ModelReference {
  /** Fully quoted name, e.g. `[dbo].[Orders].[Id]`; absent for a reference by Disambiguator. */
  name?: string;
  /** `BuiltIns` for built-in types, `[dbo]`, `[PRIMARY]` … */
  externalSource?: string;
  disambiguator?: number;
  /** The element type when a built-in name is ambiguous: `[dbo]` the schema (Type="SqlSchema") vs the user. */
  type?: string;
}

export interface ModelProperty {
  name: string;
  /** A plain value, written as the Value attribute. */
  value?: string;
  /** Script text, written as <Value><![CDATA[…]]></Value>. */
  script?: string;
  /** Modules' SET options, written as attributes of the script's <Value>. */
  scriptOptions?: { quotedIdentifiers: boolean; ansiNulls: boolean };
}

export type ModelEntry = { reference: ModelReference; element?: undefined } | { element: ModelElement; reference?: undefined };

export interface ModelRelationship {
  name: string;
  entries: ModelEntry[];
}

export interface ModelAnnotation {
  type: string;
  name?: string;
  disambiguator?: number;
  properties: ModelProperty[];
}

export interface ModelElement {
  type: string;
  name?: string;
  disambiguator?: number;
  properties: ModelProperty[];
  relationships: ModelRelationship[];
  annotations: ModelAnnotation[];
  /** Disambiguators of annotations attached from elsewhere (inline constraints on their table). */
  attachedAnnotations: number[];
}

export function newElement(type: string, name?: string): ModelElement {
  return { type, name, properties: [], relationships: [], annotations: [], attachedAnnotations: [] };
}

// ---------------------------------------------------------------------------------------------- serialising

const newline = '\r\n';

/**
 * Serialises elements line by line into UTF-8 chunks (lines joined with CRLF, none after the last), so a large
 * model never exists as one array of small strings.
 */
export class ModelXmlSerializer {
  private readonly chunks: Buffer[] = [];
  private pending = '';
  private started = false;
  /** Appends one line; line breaks go between lines, none after the last. */
  line(text: string): void {
    if (this.started) this.pending += newline;
    this.started = true;
    this.pending += text;
    if (this.pending.length > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending) this.chunks.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }

  toBuffer(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }

  element(el: ModelElement, depth: number): void {
    const tabs = '\t'.repeat(depth);
    let head = `${tabs}<Element Type="${escapeAttribute(el.type)}"`;
    if (el.name !== undefined) head += ` Name="${this.attr(el.name, el)}"`;
    if (el.disambiguator !== undefined) head += ` Disambiguator="${el.disambiguator}"`;
    const empty = el.properties.length + el.relationships.length + el.annotations.length + el.attachedAnnotations.length === 0;
    if (empty) {
      this.line(`${head} />`);
      return;
    }
    this.line(`${head}>`);
    for (const p of el.properties) this.property(p, depth + 1, el);
    for (const r of el.relationships) this.relationship(r, depth + 1, el);
    for (const a of el.annotations) this.annotation(a, depth + 1, el);
    for (const d of el.attachedAnnotations) this.line(`${tabs}\t<AttachedAnnotation Disambiguator="${d}" />`);
    this.line(`${tabs}</Element>`);
  }

  private property(p: ModelProperty, depth: number, owner: ModelElement): void {
    const tabs = '\t'.repeat(depth);
    if (p.script === undefined) {
      this.line(`${tabs}<Property Name="${p.name}" Value="${this.attr(p.value ?? '', owner)}" />`);
      return;
    }
    this.checkText(p.script, owner);
    const options = p.scriptOptions
      ? ` QuotedIdentifiers="${bool(p.scriptOptions.quotedIdentifiers)}" AnsiNulls="${bool(p.scriptOptions.ansiNulls)}"`
      : '';
    this.line(`${tabs}<Property Name="${p.name}">`);
    this.line(`${tabs}\t<Value${options}>${cdata(p.script)}</Value>`);
    this.line(`${tabs}</Property>`);
  }

  private relationship(r: ModelRelationship, depth: number, owner: ModelElement): void {
    const tabs = '\t'.repeat(depth);
    this.line(`${tabs}<Relationship Name="${r.name}">`);
    for (const entry of r.entries) {
      this.line(`${tabs}\t<Entry>`);
      if (entry.element) this.element(entry.element, depth + 2);
      else this.line(`${tabs}\t\t${this.reference(entry.reference, owner)}`);
      this.line(`${tabs}\t</Entry>`);
    }
    this.line(`${tabs}</Relationship>`);
  }

  private reference(ref: ModelReference, owner: ModelElement): string {
    let s = '<References';
    if (ref.externalSource !== undefined) s += ` ExternalSource="${escapeAttribute(ref.externalSource)}"`;
    if (ref.name !== undefined) s += ` Name="${this.attr(ref.name, owner)}"`;
    if (ref.disambiguator !== undefined) s += ` Disambiguator="${ref.disambiguator}"`;
    if (ref.type !== undefined) s += ` Type="${escapeAttribute(ref.type)}"`;
    return `${s} />`;
  }

  private annotation(a: ModelAnnotation, depth: number, owner: ModelElement): void {
    const tabs = '\t'.repeat(depth);
    let head = `${tabs}<Annotation Type="${a.type}"`;
    if (a.name !== undefined) head += ` Name="${this.attr(a.name, owner)}"`;
    if (a.disambiguator !== undefined) head += ` Disambiguator="${a.disambiguator}"`;
    if (a.properties.length === 0) {
      this.line(`${head} />`);
      return;
    }
    this.line(`${head}>`);
    for (const p of a.properties) this.property(p, depth + 1, owner);
    this.line(`${tabs}</Annotation>`);
  }

  private attr(value: string, owner: ModelElement): string {
    this.checkText(value, owner);
    return escapeAttribute(value);
  }

  /** Spec §7 pitfall 13: text XML 1.0 cannot carry is refused, naming the object it belongs to. */
  private checkText(text: string, owner: ModelElement): void {
    const bad = findNonXmlChar(text);
    if (!bad) return;
    const what = owner.name ?? owner.type;
    throw new BackupError(
      'unsupported',
      `${what} contains character ${bad.codePoint} at offset ${bad.offset}, which an XML 1.0 model.xml cannot carry.`,
      { hint: 'Remove the character from the object (or its definition) and back up again.' },
    );
  }
}

function bool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** The complete model.xml bytes: declaration, root with its attributes, <Model>, the elements. No trailing newline. */
export function serializeModelXml(rootAttributes: [string, string][], elements: readonly ModelElement[]): Buffer {
  const serializer = new ModelXmlSerializer();
  const attrs = rootAttributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  serializer.line('<?xml version="1.0" encoding="utf-8"?>');
  serializer.line(`<DataSchemaModel${attrs}>`);
  serializer.line('\t<Model>');
  for (const el of elements) serializer.element(el, 2);
  serializer.line('\t</Model>');
  serializer.line('</DataSchemaModel>');
  return serializer.toBuffer();
}

// ---------------------------------------------------------------------------------------------- reading

function intAttribute(node: XmlNode, name: string): number | undefined {
  const v = node.attributes[name];
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v)) throw new BackupError('format', `model.xml: ${name}="${v}" on <${node.name}> is not a number.`);
  return Number(v);
}

function readProperty(node: XmlNode): ModelProperty {
  const name = node.attributes.Name ?? '';
  if ('Value' in node.attributes) return { name, value: node.attributes.Value };
  const valueNode = node.children.find((c) => c.name === 'Value');
  const prop: ModelProperty = { name, script: valueNode?.text ?? node.text };
  const q = valueNode?.attributes.QuotedIdentifiers;
  const a = valueNode?.attributes.AnsiNulls;
  if (q !== undefined || a !== undefined) prop.scriptOptions = { quotedIdentifiers: q === 'True', ansiNulls: a === 'True' };
  return prop;
}

/** One <Element> node (from the XML tokenizer) as a ModelElement. Unknown child tags are refused. */
export function modelElementFromXml(node: XmlNode): ModelElement {
  const el = newElement(node.attributes.Type ?? '', node.attributes.Name);
  el.disambiguator = intAttribute(node, 'Disambiguator');
  for (const child of node.children) {
    switch (child.name) {
      case 'Property':
        el.properties.push(readProperty(child));
        break;
      case 'Relationship': {
        const rel: ModelRelationship = { name: child.attributes.Name ?? '', entries: [] };
        for (const entry of child.children) {
          for (const item of entry.children) {
            if (item.name === 'Element') rel.entries.push({ element: modelElementFromXml(item) });
            else if (item.name === 'References') {
              rel.entries.push({
                reference: {
                  name: item.attributes.Name,
                  externalSource: item.attributes.ExternalSource,
                  disambiguator: intAttribute(item, 'Disambiguator'),
                  ...(item.attributes.Type !== undefined ? { type: item.attributes.Type } : {}),
                },
              });
            }
          }
        }
        el.relationships.push(rel);
        break;
      }
      case 'Annotation':
        el.annotations.push({
          type: child.attributes.Type ?? '',
          name: child.attributes.Name,
          disambiguator: intAttribute(child, 'Disambiguator'),
          properties: child.children.filter((c) => c.name === 'Property').map(readProperty),
        });
        break;
      case 'AttachedAnnotation': {
        const d = intAttribute(child, 'Disambiguator');
        if (d !== undefined) el.attachedAnnotations.push(d);
        break;
      }
      default:
        throw new BackupError('format', `model.xml: unexpected <${child.name}> inside element ${el.name ?? el.type}.`);
    }
  }
  return el;
}

// ---------------------------------------------------------------------------------------------- helpers

export function findRelationship(el: ModelElement, name: string): ModelRelationship | undefined {
  return el.relationships.find((r) => r.name === name);
}

export function propertyValue(el: ModelElement | ModelAnnotation, name: string): string | undefined {
  const p = el.properties.find((x) => x.name === name);
  return p?.value ?? p?.script;
}

/** Calls `visit` for the element and every element nested in its relationships, depth first. */
export function walkElements(el: ModelElement, visit: (el: ModelElement, parent: ModelElement | undefined) => void, parent?: ModelElement): void {
  visit(el, parent);
  for (const r of el.relationships) for (const e of r.entries) if (e.element) walkElements(e.element, visit, el);
}

/** Element types Origin.xml's ObjectCounts leaves out (spec §3.1; checked against fixture B). */
const notCountedInOrigin = new Set(['SqlTypeSpecifier', 'SqlXmlTypeSpecifier', 'SqlIndexedColumnSpecification', 'SqlDynamicColumnSource']);

/** ObjectCounts as Origin.xml lists them: element type without "Sql", nested elements included, sorted by type. */
export function originObjectCounts(elements: readonly ModelElement[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const top of elements) {
    walkElements(top, (el) => {
      if (notCountedInOrigin.has(el.type)) return;
      const key = el.type.startsWith('Sql') ? el.type.slice(3) : el.type;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
  }
  const sorted: Record<string, number> = {};
  for (const key of [...counts.keys()].sort()) sorted[key] = counts.get(key) ?? 0;
  return sorted;
}

/** Every element type with its count, nested elements included (the verifier's view). */
export function elementTypeCounts(elements: readonly ModelElement[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const top of elements) walkElements(top, (el) => { counts[el.type] = (counts[el.type] ?? 0) + 1; });
  return counts;
}
