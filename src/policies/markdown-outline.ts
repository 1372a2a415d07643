/** How much structure a Markdown text has: what an import reports back to the person importing. */
export interface MarkdownOutline {
  headings: number;
  paragraphs: number;
  bullets: number;
}

const headingLine = /^ {0,3}#{1,6}(\s|$)/;
const setextUnderline = /^ {0,3}(=+|-+)\s*$/;
export const listItemLine = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\S/;
const fenceLine = /^ {0,3}(```|~~~)/;

/**
 * Counts headings, list items and paragraphs block by block: a blank line ends a paragraph, a
 * heading or list item is one line, and lines after a list item without a blank line continue it.
 */
export function outlineOf(markdown: string): MarkdownOutline {
  const outline: MarkdownOutline = { headings: 0, paragraphs: 0, bullets: 0 };
  let inParagraph = false;
  let inListItem = false;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (fenceLine.test(line)) {
      if (!inFence) outline.paragraphs += 1;
      inFence = !inFence;
      inParagraph = inListItem = false;
    } else if (inFence) {
      continue;
    } else if (line.trim() === '') {
      inParagraph = inListItem = false;
    } else if (headingLine.test(line)) {
      outline.headings += 1;
      inParagraph = inListItem = false;
    } else if (inParagraph && setextUnderline.test(line)) {
      outline.paragraphs -= 1;
      outline.headings += 1;
      inParagraph = false;
    } else if (listItemLine.test(line)) {
      outline.bullets += 1;
      inListItem = true;
      inParagraph = false;
    } else if (!inParagraph && !inListItem) {
      outline.paragraphs += 1;
      inParagraph = true;
    }
  }
  return outline;
}

/** Plain text may contain characters Markdown would read as formatting; they are kept as text. */
export const escapeInline = (text: string): string => text.replace(/([\\`*_[\]<>|])/g, '\\$1');

/** Rows of cell text (the first the header) as a Markdown table. */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const width = Math.max(...rows.map((row) => row.length));
  const line = (cells: readonly string[]): string =>
    `| ${Array.from({ length: width }, (_, index) => cells[index] ?? '').join(' | ')} |`;
  const [header = [], ...body] = rows;
  return [line(header), line(Array<string>(width).fill('---')), ...body.map(line)].join('\n');
}
