import { escapeInline } from './markdown-outline';
import { findTables, type TextTable } from './text-tables';

/** "•", "·" and the like, or "-" or "*" and a space, followed by the item's text. */
const bulletLine = /^\s*(?:[•·▪●◦‣○■□➢➤✓✔]\s*|[-*–—]\s+)(?<text>\S.*)$/u;
/** "1." or "1)" and a space: a numbered section heading or an item of a numbered list. */
const numberedLine = /^\s*(?<number>\d{1,3})(?<mark>[.)])\s+(?<text>\S.*)$/;
/** "1.1", "2.3.1": a clause, kept with its number as a paragraph of its own. */
const clauseLine = /^\s*(?<number>\d{1,3}(?:\.\d{1,3})+)\.?\s+(?<text>\S.*)$/;
/** "2 Personal accounts": a section heading numbered without a stop (only when the file has two or more). */
const bareNumberedLine = /^\s*(?<number>\d{1,2})\s+(?<text>\p{Lu}.*)$/u;
/** "Personal accounts:" on a line of its own: a heading over the paragraph under it. */
const colonHeadingLine = /^(?<label>\p{Lu}[^:.;!?]{1,40}):$/u;
/** "Page 2 of 5", "2 of 5", "- 2 -": the page number of a printed copy. */
const pageNumberLine =
  /^\s*(?:page\s+\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?|\d{1,4}\s*(?:of|\/)\s*\d{1,4}|[-–]\s*\d{1,4}\s*[-–])\s*$/i;
/** "a)", "(b)", "(iv)": an item of a clause, kept with its letter as a paragraph of its own. */
const letteredLine = /^\s*(?<marker>\(?[a-z]\)|\([ivx]{1,4}\)|[ivx]{1,4}\)|[a-z]\.)\s+(?<text>\S.*)$/;
/** "Passwords - …", "Passwords: …": a heading run into its paragraph. */
const runInLine = /^(?<label>\p{Lu}[\p{L}'’&/ ]{1,38}?)(?:\s+[-–—]\s+|:\s+)(?<text>\S.{8,})$/u;
/** A line of nothing but "=", "-", "_", "*" or "~": an underline or a divider. */
const ruleLine = /^\s*([=\-_*~])\1{2,}\s*$/;
const smallWords = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
]);

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string; lines: number }
  | { kind: 'item'; marker: string; text: string }
  | { kind: 'table'; markdown: string };

export interface TextConversion {
  markdown: string;
  warnings: string[];
}

/**
 * Turns a plain-text policy into Markdown, keeping what its writer meant: the first line as the
 * title; headings (underlined, on a line of their own in capitals or Title Case, numbered like
 * "1. Scope", or run in like "Passwords - …"); clauses ("1.1", "a)") with their numbers as
 * written; bulleted and numbered lists; and tables. A line break ends a paragraph unless the text
 * was wrapped to a width (then only a short line does) or the next line carries on in lower case.
 */
export function textToMarkdown(lines: readonly string[]): TextConversion {
  const clean = lines.map((line) =>
    line
      .replace(/[\f\v]/g, '')
      .replace(/\u00a0/g, ' ')
      .trimEnd(),
  );
  const printed = withoutPageFurniture(clean);
  const { tables, warnings } = findTables(printed.lines);
  warnings.push(...printed.warnings);
  const text = printed.lines.map((line) => line.replace(/\t+/g, ' '));
  const reader = new Reader(text, tables, wrapWidth(text));
  const markdown = render(reader.blocks());
  const content = text.filter((line) => line.trim() !== '');
  if (content.length >= 5 && !hasBlankLines(lines)) {
    warnings.push(
      'The file has no blank lines between paragraphs, so each line was taken as a paragraph, heading or item of its own: check that the text reads as it should.',
    );
  }
  return { markdown, warnings };
}

/**
 * Text copied from a printed copy or a PDF carries its page furniture: "Page 1 of 3" lines, and a
 * running header (the title again) at the top of each later page. Both are blanked, so the text
 * either side of a page break is read as it was written, and a warning names them.
 */
function withoutPageFurniture(lines: readonly string[]): { lines: string[]; warnings: string[] } {
  const out = [...lines];
  const removed: string[] = [];
  const titleLines = lines
    .filter((line) => line.trim() !== '')
    .slice(0, 2)
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line.length >= 8);
  const repeated = (line: string): boolean =>
    lines.filter((other) => other.trim() === line.trim()).length >= 2;
  const firstContent = lines.findIndex((line) => line.trim() !== '');
  lines.forEach((line, index) => {
    if (!pageNumberLine.test(line)) return;
    out[index] = '';
    removed.push(line.trim());
    // The next page's running header: the title again, or a line each page repeats.
    const next = lines.findIndex((other, at) => at > index && other.trim() !== '');
    if (next <= firstContent + 1 || next > index + 3) return;
    const header = lines[next]!.trim();
    const lower = header.toLowerCase();
    if (header.length <= 120 && (titleLines.some((title) => lower.includes(title)) || repeated(header))) {
      out[next] = '';
      removed.push(header);
    }
  });
  if (removed.length === 0) return { lines: out, warnings: [] };
  const headers = removed.filter((line) => !pageNumberLine.test(line));
  const examples = [removed[0]!, ...(headers.length > 0 ? [headers[0]!] : [])].map((line) => `"${line}"`);
  const what = headers.length > 0 ? 'Page numbers and the running header' : 'Page numbers';
  return {
    lines: out,
    warnings: [`${what} of a printed copy (${examples.join(', ')}) were left out of the text.`],
  };
}

const hasBlankLines = (lines: readonly string[]): boolean => {
  const first = lines.findIndex((line) => line.trim() !== '');
  const last = lines.findLastIndex((line) => line.trim() !== '');
  return lines.slice(first, last + 1).some((line) => line.trim() === '');
};

/**
 * The width the text was wrapped to, if it was: most lines that run on into another end within a
 * few characters of the longest, and that is no wider than an editor's usual 100 columns.
 */
function wrapWidth(lines: readonly string[]): number | undefined {
  const widest = Math.max(0, ...lines.map((line) => line.length));
  if (widest > 100 || widest < 30) return undefined;
  const runOn = lines.filter((line, index) => line.trim() !== '' && (lines[index + 1] ?? '').trim() !== '');
  const full = runOn.filter((line) => line.length >= widest - 15);
  return runOn.length >= 3 && full.length >= runOn.length * 0.5 ? widest : undefined;
}

class Reader {
  private readonly out: Block[] = [];
  private open: Extract<Block, { kind: 'paragraph' | 'item' }> | undefined;
  private sectionLevel = 1;
  private readonly runInHeadings: boolean;
  private readonly bareNumbers: boolean;

  constructor(
    private readonly lines: readonly string[],
    private readonly tables: readonly TextTable[],
    private readonly width: number | undefined,
  ) {
    this.runInHeadings = lines.filter((line) => this.runIn(line)).length >= 2;
    this.bareNumbers =
      lines.filter((line) => headingText(bareNumberedLine.exec(line)?.groups?.text ?? '')).length >= 2;
  }

  blocks(): Block[] {
    const first = this.lines.findIndex((line) => line.trim() !== '');
    let index = 0;
    while (index < this.lines.length) {
      const table = this.tables.find((t) => t.start === index);
      if (table) {
        // Rows that would not make a table are kept as written, a paragraph each.
        if (table.markdown) this.push({ kind: 'table', markdown: table.markdown });
        else
          for (const line of this.lines.slice(table.start, table.end + 1))
            this.paragraph(line.replace(/\s+/g, ' '));
        this.open = undefined;
        index = table.end + 1;
        continue;
      }
      if (index === first) index = this.title(index);
      else this.line(index++);
    }
    return this.out;
  }

  /** The first line, and a second short one right under it ("Fenwick Vale Academy" / "Staff AUP"). */
  private title(index: number): number {
    const line = this.lines[index]!.trim();
    if (line.length > 100 || /[.,;!?…]$/.test(line) || this.marked(line)) {
      this.line(index);
      return index + 1;
    }
    const second = this.lines[index + 1]?.trim() ?? '';
    const third = this.lines[index + 2]?.trim() ?? '';
    const both =
      second !== '' &&
      third === '' &&
      second.length <= 80 &&
      looksLikeHeading(second) &&
      !this.marked(second);
    this.push({ kind: 'heading', level: 1, text: both ? `${line}: ${second}` : line });
    return index + (both ? 2 : 1);
  }

  private line(index: number): void {
    const raw = this.lines[index]!;
    const line = raw.trim();
    const previous = this.lines[index - 1] ?? '';
    const next = this.nextContent(index);
    if (line === '') {
      this.open = undefined;
      return;
    }
    if (ruleLine.test(line)) {
      const last = this.out.at(-1);
      // "Email" over "=====" is a heading; a rule on its own divides, and Markdown needs none.
      if (this.open === last && last?.kind === 'paragraph' && last.lines === 1) {
        this.out[this.out.length - 1] = this.heading(2, last.text);
      }
      this.open = undefined;
      return;
    }
    const bullet = bulletLine.exec(raw)?.groups;
    if (bullet) return this.item('-', bullet.text!);
    const numbered = numberedLine.exec(raw)?.groups;
    if (numbered) {
      const beside = [this.previousContent(index), next].some((other) => numberedLine.test(other));
      if (!beside && headingText(numbered.text!))
        return this.section(2, `${numbered.number}. ${numbered.text}`);
      return this.item(`${numbered.number}${numbered.mark}`, numbered.text!);
    }
    const clause = clauseLine.exec(raw)?.groups;
    if (clause) {
      const deeper = clauseLine.exec(next)?.groups?.number?.startsWith(`${clause.number}.`);
      if (deeper && headingText(clause.text!)) return this.section(3, `${clause.number} ${clause.text}`);
      return this.paragraph(`${clause.number} ${clause.text}`);
    }
    const lettered = letteredLine.exec(raw)?.groups;
    if (lettered) return this.paragraph(`${lettered.marker} ${lettered.text}`);
    const bare = this.bareNumbers ? bareNumberedLine.exec(raw)?.groups : undefined;
    if (bare && headingText(bare.text!) && next !== '') return this.section(2, `${bare.number} ${bare.text}`);
    const colon = colonHeadingLine.exec(line)?.groups;
    if (colon && colon.label!.split(' ').length <= 5 && next !== '' && !this.marked(next)) {
      this.push(this.heading(Math.min(this.sectionLevel + 1, 4), colon.label!));
      return;
    }
    if (this.open && this.continues(previous, raw)) {
      this.open.text = `${this.open.text} ${line}`;
      if (this.open.kind === 'paragraph') this.open.lines += 1;
      return;
    }
    const runIn = this.runInHeadings ? this.runIn(line) : undefined;
    if (runIn) {
      this.push(this.heading(Math.min(this.sectionLevel + 1, 4), runIn.label!));
      return this.paragraph(runIn.text!);
    }
    // A short line in a paragraph of its own is a heading in sentence case too ("Where phones may be used").
    const alone = previous.trim() === '' && (this.lines[index + 1] ?? '').trim() === '';
    const heading = looksLikeHeading(line) || (alone && headingText(line));
    if (next !== '' && heading && !this.continues(raw, this.lines[index + 1] ?? ''))
      return this.section(2, line);
    this.paragraph(line);
  }

  private runIn(line: string): Record<string, string> | undefined {
    const groups = runInLine.exec(line.trim())?.groups;
    return groups && groups.label!.split(' ').length <= 5 && !this.marked(line) ? groups : undefined;
  }

  private marked(line: string): boolean {
    return [bulletLine, numberedLine, clauseLine, letteredLine].some((pattern) => pattern.test(line));
  }

  /** Whether a line carries on the one before: it is in lower case, or the text was wrapped there. */
  private continues(previous: string, line: string): boolean {
    if (line.trim() === '' || this.marked(line) || ruleLine.test(line)) return false;
    if (/^\s*\p{Ll}/u.test(line)) return true;
    if (/^\s+\S/.test(line) && this.open?.kind === 'item') return true;
    const firstWord = line.trim().split(/\s/)[0]!;
    return this.width !== undefined && previous.trimEnd().length + 1 + firstWord.length > this.width;
  }

  private nextContent(index: number): string {
    return this.lines.slice(index + 1).find((line) => line.trim() !== '') ?? '';
  }

  private previousContent(index: number): string {
    return this.lines.slice(0, index).findLast((line) => line.trim() !== '') ?? '';
  }

  private section(level: number, text: string): void {
    this.sectionLevel = level;
    this.push(this.heading(level, text));
  }

  private heading(level: number, text: string): Block {
    return { kind: 'heading', level, text: text.trim() };
  }

  private paragraph(text: string): void {
    const block: Block = { kind: 'paragraph', text: text.trim(), lines: 1 };
    this.push(block);
    this.open = block;
  }

  private item(marker: string, text: string): void {
    const block: Block = { kind: 'item', marker, text: text.trim() };
    this.push(block);
    this.open = block;
  }

  private push(block: Block): void {
    this.out.push(block);
    this.open = undefined;
  }
}

/** Short, without closing punctuation, starting with a capital: "Scope", "Who this policy covers". */
const headingText = (text: string): boolean =>
  text.length <= 60 && !/[.,;:!?…]$/.test(text.trim()) && /^[^\p{L}]*\p{Lu}/u.test(text);

function looksLikeHeading(line: string): boolean {
  const text = line.trim();
  if (text.length < 3 || text.length > 80 || /[.,;:!?…]$/.test(text) || bulletLine.test(text)) return false;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 3) return false;
  if (letters === letters.toUpperCase()) return true;
  const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  return words.every(
    (word, index) => (index > 0 && smallWords.has(word.toLowerCase())) || /^[^\p{L}]*\p{Lu}/u.test(word),
  );
}

function render(blocks: readonly Block[]): string {
  const parts = blocks.map((block) => {
    if (block.kind === 'heading') return `${'#'.repeat(block.level)} ${escapeInline(block.text)}`;
    if (block.kind === 'table') return block.markdown;
    if (block.kind === 'item') return `${block.marker} ${escapeInline(block.text)}`;
    return escapeLineStart(escapeInline(block.text));
  });
  return parts.reduce((joined, part, index) => {
    if (index === 0) return part;
    const [before, block] = [blocks[index - 1]!, blocks[index]!];
    const sameList =
      before.kind === 'item' && block.kind === 'item' && (before.marker === '-') === (block.marker === '-');
    return `${joined}${sameList ? '\n' : '\n\n'}${part}`;
  }, '');
}

/** Keeps a paragraph that starts like a heading, quote or list from being read as one. */
const escapeLineStart = (text: string): string =>
  text.replace(/^(#{1,6}(?=\s|$)|>|\+(?=\s)|=+$)/, '\\$1').replace(/^(\d{1,9})([.)])(?=\s)/, '$1\\$2');
