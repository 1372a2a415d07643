import mammoth from 'mammoth';
import TurndownService from 'turndown';
import { AppError } from '../errors';
import { markdownTable } from './markdown-outline';
import { wordListLabels, type ListLabel } from './word-numbering';

export interface Converted {
  markdown: string;
  warnings: string[];
}

/** Word's own title styles become headings too (mammoth maps "Heading 1"–"Heading 6" already). */
const styleMap = [
  "p[style-name='Title'] => h1.title:fresh",
  'p.Title => h1.title:fresh',
  "p[style-name='Subtitle'] => h2.subtitle:fresh",
  'p.Subtitle => h2.subtitle:fresh',
];

/** The few DOM properties the rules read (turndown parses with domino; Conduct has no DOM types). */
interface DomNode {
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly previousSibling: DomNode | null;
  getAttribute(name: string): string | null;
}
const dom = (node: unknown): DomNode => node as DomNode;

/** Bullets typed by hand at the start of a paragraph, instead of Word's list formatting. */
const typedBullet = /^\s*[•·▪●◦‣○■□➢➤✓✔]\s*/u;

/**
 * Converts a Word document to Markdown: mammoth reads the document's structure (headings, lists,
 * paragraphs, bold and italic) as HTML, and turndown writes that as Markdown. Pictures are left
 * out; a short paragraph that is wholly bold is taken as a heading, as many school documents use.
 */
export async function docxToMarkdown(bytes: Buffer): Promise<Converted> {
  let pictures = 0;
  let html: string;
  let messages: { type: string; message: string }[];
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        styleMap,
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(() => {
          pictures += 1;
          return Promise.resolve({ src: '' });
        }),
      },
    );
    html = result.value;
    messages = result.messages;
  } catch {
    throw new AppError(
      'bad_request',
      'The file could not be read as a Word document. Open it in Word, save it as a .docx file and import it again.',
    );
  }
  const notes: ConversionNotes = { joinedCells: 0, mergedCells: 0, nested: 0, unnumbered: [] };
  const labelled = withListLabels(titleWithSubtitle(html), await wordListLabels(bytes));
  const markdown = htmlToMarkdown(labelled.html, notes, !labelled.matched);
  return { markdown, warnings: warningsFor(pictures, notes, messages) };
}

/** A Subtitle right under the Title is part of it, as two title lines of a text file are: "Trust: Policy". */
const titleWithSubtitle = (html: string): string =>
  html.replace(
    /<h1 class="title">((?:(?!<\/h1>).)*)<\/h1><h2 class="subtitle">((?:(?!<\/h2>).)*)<\/h2>/s,
    '<h1 class="title">$1: $2</h1>',
  );

/** What could not be kept as it was: Word tables as Markdown tables, and list numbers not read. */
interface TableNotes {
  joinedCells: number;
  mergedCells: number;
  nested: number;
}
interface ConversionNotes extends TableNotes {
  /** The start of each numbered item numbered in order because Word's own numbers could not be read. */
  unnumbered: string[];
}

function htmlToMarkdown(html: string, notes: ConversionNotes, numbersUnread: boolean): string {
  const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', emDelimiter: '_' });
  turndown.remove('img');
  turndown.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => {
      // The wrapper of a list that starts below its first level is not an item itself.
      if (/^(OL|UL)$/.test(dom(node).childNodes[0]?.nodeName ?? '')) return `\n\n${content.trim()}\n\n`;
      const marker = listMarker(dom(node));
      if (numbersUnread && dom(node).parentNode?.nodeName === 'OL')
        notes.unnumbered.push(itemStart(dom(node)));
      const asWritten = marker !== '-' && !markdownNumber.test(marker);
      const body = content
        .replace(/^\n+/, '')
        .replace(/\n+$/, '')
        // Under a number kept as written, what follows is not inside a Markdown list: no indent.
        .replace(/\n/gm, `\n${' '.repeat(asWritten ? 0 : marker.length + 1)}`);
      const after = dom(node).nextSibling ? (asWritten ? '\n\n' : '\n') : '';
      // Under an item, a paragraph of its own needs a blank line first (else it continues the item's).
      const nested = dom(node).parentNode?.parentNode?.nodeName === 'LI';
      const before = asWritten && nested && !dom(node).previousSibling ? '\n' : '';
      return `${before}${asWritten ? turndown.escape(marker) : marker} ${body}${after}`;
    },
  });
  // Under a document's Title, its "Heading 1" sections are the next level down.
  const titled = html.includes('<h1 class="title">');
  turndown.addRule('heading', {
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content, node) => {
      const level = Number(dom(node).nodeName.slice(1));
      const shifted = titled && dom(node).getAttribute('class') !== 'title' ? Math.min(level + 1, 6) : level;
      return `\n\n${'#'.repeat(shifted)} ${content.trim()}\n\n`;
    },
  });
  turndown.addRule('table', {
    filter: (node) => dom(node).nodeName === 'TABLE' && !insideTable(dom(node)),
    replacement: (_content, node) => `\n\n${tableMarkdown(dom(node), turndown, notes)}\n\n`,
  });
  turndown.addRule('boldParagraphAsHeading', {
    filter: (node) => isBoldHeading(dom(node)),
    replacement: (_content, node) =>
      `\n\n${'#'.repeat(boldHeadingLevel(dom(node), titled))} ${turndown.escape(
        (dom(node).textContent ?? '').trim().replace(/:$/, ''),
      )}\n\n`,
  });
  turndown.addRule('typedBullet', {
    filter: (node) => dom(node).nodeName === 'P' && typedBullet.test(dom(node).textContent ?? ''),
    replacement: (content) => `\n\n- ${content.replace(typedBullet, '').trim()}\n\n`,
  });
  // A heading that starts with its number ("1. Scope") needs no escape: it cannot be read as a list.
  return turndown
    .turndown(html)
    .replace(/^(#{1,6} \d{1,9})\\([.)])/gm, '$1$2')
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Gives each list item the label Word shows for it (data-label), when the document's list paragraphs
 * and mammoth's list items match one for one (matched); otherwise lists keep mammoth's
 * ordered/bulleted shape, numbered items counted 1., 2. (the warnings name them).
 */
function withListLabels(html: string, labels: ListLabel[] | undefined): { html: string; matched: boolean } {
  // A list that starts below its first level comes wrapped in an item of its own, with no paragraph.
  const items = html.match(/<li>(?!<[ou]l>)/g)?.length ?? 0;
  if (!labels || labels.length !== items) return { html, matched: false };
  let next = 0;
  const labelled = html.replace(/<li>(?!<[ou]l>)/g, () => {
    const { label, bullet } = labels[next++]!;
    const attribute = label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return bullet ? '<li>' : `<li data-label="${attribute}">`;
  });
  return { html: labelled, matched: true };
}

/** The first words of a list item's own text (not its sub-list's), for a warning. */
function itemStart(item: DomNode): string {
  const own = Array.from(item.childNodes)
    .filter((child) => child.nodeName !== 'OL' && child.nodeName !== 'UL')
    .map((child) => child.textContent ?? '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return own.length > 40 ? `${own.slice(0, 40).trimEnd()}…` : own;
}

/** A Markdown list marker: "1." or "1)" as Markdown has them. */
const markdownNumber = /^\d{1,9}[.)]$/;

/**
 * "- " in a bulleted list; in a numbered one the label Word shows when Markdown has that marker
 * ("3."), else the item's number counted from the list's start. A label Markdown has no list for
 * ("a)", "(ii)", "2.1") is kept as written, the item a paragraph of its own (see the list rule).
 */
function listMarker(item: DomNode): string {
  const label = item.getAttribute('data-label');
  if (label) return label;
  const list = item.parentNode;
  if (list?.nodeName !== 'OL') return '-';
  const start = Number(list.getAttribute('start') ?? 1) || 1;
  const position = Array.from(list.childNodes)
    .filter((child) => child.nodeName === 'LI')
    .indexOf(item);
  return `${start + position}.`;
}

const insideTable = (node: DomNode): boolean => {
  for (let parent = node.parentNode; parent; parent = parent.parentNode) {
    if (parent.nodeName === 'TABLE') return true;
  }
  return false;
};

/**
 * A Word table as a Markdown table, its first row as the header. Markdown cells hold one line: a
 * cell's paragraphs and list items are joined, a merged cell is repeated as empty cells beside or
 * below it, and a table inside a cell becomes its text; each is counted for a warning.
 */
function tableMarkdown(table: DomNode, turndown: TurndownService, notes: TableNotes): string {
  const rows = descendants(table, 'TR').filter((row) => nearestTable(row) === table);
  const grid: string[][] = rows.map(() => []);
  rows.forEach((row, rowIndex) => {
    let column = 0;
    for (const cell of Array.from(row.childNodes).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH')) {
      while (grid[rowIndex]![column] !== undefined) column += 1;
      const span = Math.max(1, Number(cell.getAttribute('colspan') ?? 1) || 1);
      const down = Math.max(1, Number(cell.getAttribute('rowspan') ?? 1) || 1);
      if (span > 1 || down > 1) notes.mergedCells += 1;
      if (descendants(cell, 'TABLE').length > 0) notes.nested += 1;
      const text = cellText(cell, turndown, notes);
      for (let r = rowIndex; r < Math.min(rows.length, rowIndex + down); r += 1) {
        for (let c = column; c < column + span; c += 1)
          grid[r]![c] = r === rowIndex && c === column ? text : '';
      }
      column += span;
    }
  });
  return markdownTable(grid.map((row) => Array.from(row, (cell) => cell ?? '')));
}

function cellText(cell: DomNode, turndown: TurndownService, notes: TableNotes): string {
  const markdown = turndown.turndown(cell).trim();
  const lines = markdown
    .split(/\n+/)
    .map((line) => line.replace(/^\s*(?:[-*]|\d{1,9}\.)\s+/, '').trim())
    .filter((line) => line !== '');
  if (lines.length > 1) notes.joinedCells += 1;
  return lines.join('; ').replace(/\|/g, '\\|');
}

function descendants(node: DomNode, name: string): DomNode[] {
  const found: DomNode[] = [];
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeName === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}

function nearestTable(node: DomNode): DomNode | undefined {
  for (let parent = node.parentNode; parent; parent = parent.parentNode) {
    if (parent.nodeName === 'TABLE') return parent;
  }
  return undefined;
}

/** A paragraph whose only text is bold, short and without closing punctuation, outside lists and tables. */
function isBoldHeading(node: DomNode): boolean {
  if (node.nodeName !== 'P') return false;
  const text = (node.textContent ?? '').trim();
  // "Personal accounts:" in bold over its paragraph is a heading too; a bold lead-in to a list is not.
  const colon = text.endsWith(':') && !/^(OL|UL)$/.test(nextElement(node)?.nodeName ?? '');
  if (text.length < 3 || text.length > 80 || (/[.,;:!?]$/.test(text) && !colon)) return false;
  const boldText = Array.from(node.childNodes)
    .map((child) =>
      child.nodeName === 'STRONG' || child.nodeName === 'B' ? (child.textContent ?? '') : null,
    )
    .filter((part) => part !== null)
    .join('')
    .trim();
  const inside = (name: string): boolean => {
    for (let parent = node.parentNode; parent; parent = parent.parentNode) {
      if (parent.nodeName === name) return true;
    }
    return false;
  };
  return boldText === text && !inside('LI') && !inside('TD') && !inside('TH');
}

const nextElement = (node: DomNode): DomNode | null => {
  let next = node.nextSibling;
  while (next && next.nodeName === '#text' && (next.textContent ?? '').trim() === '') next = next.nextSibling;
  return next;
};

/**
 * A bold heading's level: one below the Word heading it sits under (## when there is none, or only
 * the Title), the same as a bold heading just before it.
 */
function boldHeadingLevel(node: DomNode, titled: boolean): number {
  for (let before = node.previousSibling; before; before = before.previousSibling) {
    if (isBoldHeading(before)) return boldHeadingLevel(before, titled);
    const heading = /^H([1-6])$/.exec(before.nodeName)?.[1];
    if (!heading) continue;
    if (before.getAttribute('class') === 'title') return 2;
    return Math.min(Number(heading) + (titled ? 1 : 0) + 1, 6);
  }
  return 2;
}

function warningsFor(
  pictures: number,
  tables: ConversionNotes,
  messages: { type: string; message: string }[],
): string[] {
  const warnings: string[] = [];
  const unnumbered = tables.unnumbered;
  if (unnumbered.length > 0) {
    const named = unnumbered.slice(0, 5).map((start) => `"${start}"`);
    const more = unnumbered.length > 5 ? ` and ${unnumbered.length - 5} more` : '';
    warnings.push(
      `The numbers Word shows for the document's lists could not be read, so ${plural(unnumbered.length, 'numbered list item is', 'numbered list items are')} numbered 1., 2., … in order instead: ${named.join(', ')}${more}. Check their numbers against the document.`,
    );
  }
  if (pictures > 0) {
    warnings.push(
      `${plural(pictures, 'picture was', 'pictures were')} left out: a policy version holds text only.`,
    );
  }
  if (tables.joinedCells > 0) {
    warnings.push(
      `${plural(tables.joinedCells, 'table cell holds', 'table cells hold')} several paragraphs or a list, joined into one line with "; " (a Markdown table cell holds one line): check ${tables.joinedCells === 1 ? 'it reads' : 'they read'} well.`,
    );
  }
  if (tables.mergedCells > 0) {
    warnings.push(
      `${plural(tables.mergedCells, 'merged table cell was', 'merged table cells were')} split (Markdown tables cannot merge cells): the text is in the first of the cells it covered.`,
    );
  }
  if (tables.nested > 0) {
    warnings.push(
      `${plural(tables.nested, 'table inside a table cell was', 'tables inside table cells were')} flattened into the cell's text: check ${tables.nested === 1 ? 'it' : 'them'}.`,
    );
  }
  // Word styles Conduct does not map (e.g. "List Paragraph") are normal; anything else is worth a look.
  const fromWord = messages
    .filter((message) => message.type === 'warning' && !message.message.startsWith('Unrecognised'))
    .map((message) => `Word document: ${message.message}`);
  return [...warnings, ...new Set(fromWord)].slice(0, 20);
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
