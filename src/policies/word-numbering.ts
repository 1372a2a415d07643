import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';

/**
 * The labels Word shows before its list paragraphs ("1.", "a)", "(iii)", "2.1", "•"), in document
 * order. mammoth tells only whether a list is ordered, so a Word list numbered a), b) or 1.1, 1.2
 * would otherwise import as 1., 2. This reads the document's numbering definitions and counts the
 * list paragraphs as Word does: per list definition, a level's counter restarting under a new item
 * of the level above, a list instance's start override restarting it.
 */
export interface ListLabel {
  readonly label: string;
  readonly level: number;
  readonly bullet: boolean;
}

interface Level {
  format: string;
  text: string;
  start: number;
}

interface Instance {
  abstractId: string;
  startOverrides: Map<number, number>;
}

/** An XML element as fast-xml-parser gives it in document order: its name, children and attributes. */
interface Element {
  readonly name: string;
  readonly children: Element[];
  readonly attributes: Record<string, string>;
  readonly text: string;
}

type Ordered = Record<string, unknown>[];

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
});

function toElements(nodes: Ordered): Element[] {
  const out: Element[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (!name) continue;
    const content = node[name];
    const attributes = (node[':@'] ?? {}) as Record<string, string>;
    if (name === '#text') out.push({ name, children: [], attributes, text: String(content) });
    else out.push({ name, children: toElements(content as Ordered), attributes, text: '' });
  }
  return out;
}

const children = (parent: Element, name: string): Element[] => parent.children.filter((c) => c.name === name);
const child = (parent: Element | undefined, name: string): Element | undefined =>
  parent?.children.find((c) => c.name === name);
const value = (element: Element | undefined): string | undefined => element?.attributes.val;
/** Every element of that name inside parent, in document order (not inside another of the same name). */
function all(parent: Element, name: string, into: Element[] = []): Element[] {
  for (const c of parent.children) {
    if (c.name === name) into.push(c);
    all(c, name, into);
  }
  return into;
}
const textOf = (element: Element): string =>
  element.name === '#text' ? element.text : element.children.map(textOf).join('');

const parse = (xml: string, root: string): Element | undefined => {
  const top = toElements(parser.parse(xml) as Ordered);
  return top.find((element) => element.name === root);
};

/** The labels of the document's list paragraphs that hold text, or undefined when it cannot tell. */
export async function wordListLabels(bytes: Buffer): Promise<ListLabel[] | undefined> {
  try {
    const zip = await JSZip.loadAsync(bytes);
    const documentXml = await zip.file('word/document.xml')?.async('string');
    if (!documentXml) return undefined;
    const numberingXml = await zip.file('word/numbering.xml')?.async('string');
    const stylesXml = await zip.file('word/styles.xml')?.async('string');
    const body = parse(documentXml, 'document');
    if (!body) return undefined;
    const numbering = numberingXml ? parse(numberingXml, 'numbering') : undefined;
    const styles = stylesXml ? parse(stylesXml, 'styles') : undefined;
    return labelParagraphs(body, numbering, styles);
  } catch {
    return undefined;
  }
}

interface Definitions {
  /** Each list definition's levels, and the numbering style it defers to, if any. */
  readonly abstracts: Map<string, { levels: Map<number, Level>; styleLink?: string }>;
  readonly instances: Map<string, Instance>;
  /** A level that names its paragraph style: paragraphs in that style are items at that level. */
  readonly levelOfStyle: Map<string, { abstractId: string; level: number }>;
  /** The list instance a numbering style uses. */
  readonly numIdOfStyle: Map<string, string>;
}

function definitions(numbering: Element | undefined, styles: Element | undefined): Definitions {
  const found: Definitions = {
    abstracts: new Map(),
    instances: new Map(),
    levelOfStyle: new Map(),
    numIdOfStyle: new Map(),
  };
  for (const abstract of numbering ? children(numbering, 'abstractNum') : []) {
    const abstractId = abstract.attributes.abstractNumId ?? '';
    const levels = new Map<number, Level>();
    for (const lvl of children(abstract, 'lvl')) {
      const level = Number(lvl.attributes.ilvl ?? 0);
      levels.set(level, {
        format: value(child(lvl, 'numFmt')) ?? 'decimal',
        text: value(child(lvl, 'lvlText')) ?? '',
        start: Number(value(child(lvl, 'start')) ?? 1),
      });
      const style = value(child(lvl, 'pStyle'));
      if (style) found.levelOfStyle.set(style, { abstractId, level });
    }
    found.abstracts.set(abstractId, { levels, styleLink: value(child(abstract, 'numStyleLink')) });
  }
  for (const num of numbering ? children(numbering, 'num') : []) {
    const startOverrides = new Map<number, number>();
    for (const override of children(num, 'lvlOverride')) {
      const start = value(child(override, 'startOverride'));
      if (start !== undefined) startOverrides.set(Number(override.attributes.ilvl ?? 0), Number(start));
    }
    found.instances.set(num.attributes.numId ?? '', {
      abstractId: value(child(num, 'abstractNumId')) ?? '',
      startOverrides,
    });
  }
  for (const style of styles ? children(styles, 'style') : []) {
    const numId = value(child(child(child(style, 'pPr'), 'numPr'), 'numId'));
    if (numId) found.numIdOfStyle.set(style.attributes.styleId ?? '', numId);
  }
  return found;
}

/** The list definition a list instance uses, following numbering-style links as mammoth does. */
function abstractOf(found: Definitions, numId: string, seen = new Set<string>()): string | undefined {
  const instance = found.instances.get(numId);
  if (!instance || seen.has(numId)) return undefined;
  seen.add(numId);
  const link = found.abstracts.get(instance.abstractId)?.styleLink;
  if (link === undefined) return found.abstracts.has(instance.abstractId) ? instance.abstractId : undefined;
  const linked = found.numIdOfStyle.get(link);
  return linked === undefined ? undefined : abstractOf(found, linked, seen);
}

/** Which list and level a paragraph belongs to, decided as mammoth decides it. */
function listOf(
  found: Definitions,
  paragraph: Element,
): { numId?: string; abstractId: string; level: number } | undefined {
  const properties = child(paragraph, 'pPr');
  const numPr = child(properties, 'numPr');
  const numId = value(child(numPr, 'numId'));
  const ilvl = value(child(numPr, 'ilvl'));
  if (numId !== undefined && ilvl !== undefined) {
    const abstractId = abstractOf(found, numId);
    return abstractId === undefined ? undefined : { numId, abstractId, level: Number(ilvl) };
  }
  const style = value(child(properties, 'pStyle'));
  const byStyle = style === undefined ? undefined : found.levelOfStyle.get(style);
  if (byStyle) return { ...byStyle, numId: style === undefined ? undefined : found.numIdOfStyle.get(style) };
  if (numId === undefined) return undefined;
  const abstractId = abstractOf(found, numId);
  return abstractId === undefined ? undefined : { numId, abstractId, level: 0 };
}

function labelParagraphs(
  body: Element,
  numbering: Element | undefined,
  styles: Element | undefined,
): ListLabel[] {
  const found = definitions(numbering, styles);
  const counters = new Map<string, number[]>();
  const started = new Set<string>();
  const labels: ListLabel[] = [];
  for (const paragraph of all(body, 'p')) {
    const list = listOf(found, paragraph);
    const levels = list && found.abstracts.get(list.abstractId)?.levels;
    if (!list || !levels || !levels.has(list.level)) continue;
    if (all(paragraph, 't').every((t) => textOf(t).trim() === '')) continue;
    const { abstractId, level } = list;

    const count = counters.get(abstractId) ?? [];
    if (list.numId !== undefined && !started.has(list.numId)) {
      started.add(list.numId);
      for (const [overridden, start] of found.instances.get(list.numId)?.startOverrides ?? [])
        count[overridden] = start - 1;
    }
    count[level] = (count[level] ?? (levels.get(level)?.start ?? 1) - 1) + 1;
    count.length = level + 1;
    counters.set(abstractId, count);

    const { format, text } = levels.get(level)!;
    const label = text.replace(/%(\d)/g, (_m, n: string) => {
      const at = Number(n) - 1;
      return formatNumber(count[at] ?? levels.get(at)?.start ?? 1, levels.get(at)?.format ?? 'decimal');
    });
    labels.push({ label: label.trim(), level, bullet: format === 'bullet' || format === 'none' });
  }
  return labels;
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    default:
      return String(n);
  }
}

/** Word's letters: a…z, then aa…zz, then aaa… */
const letters = (n: number): string =>
  String.fromCharCode(65 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);

function roman(n: number): string {
  const numerals: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = n;
  let out = '';
  for (const [size, numeral] of numerals) {
    while (rest >= size) {
      out += numeral;
      rest -= size;
    }
  }
  return out;
}
