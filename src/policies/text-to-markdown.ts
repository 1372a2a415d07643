import { AppError } from '../errors';

/**
 * Reads a text file as people save them on school computers: UTF-8 (with or without a byte-order
 * mark), UTF-16 from Notepad's "Unicode", or Windows-1252 from older editors. Binary content is
 * refused rather than turned into mojibake.
 */
export function decodeText(bytes: Uint8Array): string {
  const text = decodeWithBom(bytes) ?? decodeUtf8(bytes) ?? new TextDecoder('windows-1252').decode(bytes);
  if (hasBinaryControls(text)) throw noReadableText();
  return text.replace(/\r\n?/g, '\n');
}

/** Tab, line feed, vertical tab (Word's manual line break), form feed and carriage return. */
const allowedControls = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

/** Any other control character means the file is not text. */
function hasBinaryControls(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && !allowedControls.has(code)) || code === 0x7f) {
      return true;
    }
  }
  return false;
}

function decodeWithBom(bytes: Uint8Array): string | undefined {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return undefined;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export const noReadableText = (): AppError =>
  new AppError(
    'bad_request',
    'The file has no readable text in it. Check it opens as text, then import it again.',
  );

/** "•", "·" and the like, or "-", "*", "1." or "1)" and a space, followed by the item's text. */
const bulletLine = /^\s*(?:[•·▪●◦‣○■□➢➤✓✔]\s*|(?:[-*]|\d{1,3}[.)])\s+)(?<text>\S.*)$/u;
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

interface Block {
  lines: string[];
}

/**
 * Turns a plain-text policy into Markdown. Bullet lines become "- " items, blank lines separate
 * paragraphs, and a heading is recognised only when it is unmistakable: an underlined line, or a
 * short line on its own in ALL CAPS or Title Case, without closing punctuation, with text after it.
 */
export function textToMarkdown(text: string): string {
  const blocks = splitBlocks(text);
  const out: string[] = [];
  blocks.forEach((block, index) => {
    const isLast = index === blocks.length - 1;
    out.push(renderBlock(block, { first: out.length === 0, last: isLast }));
  });
  return out.filter((block) => block !== '').join('\n\n');
}

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[\t\f\v\u00a0]+/g, ' ').trimEnd();
    if (line.trim() === '') {
      if (current.length > 0) blocks.push({ lines: current });
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) blocks.push({ lines: current });
  return blocks;
}

function renderBlock(block: Block, position: { first: boolean; last: boolean }): string {
  const [first, underline, ...rest] = block.lines;
  if (first !== undefined && underline !== undefined && ruleLine.test(underline) && !ruleLine.test(first)) {
    const after = rest.length > 0 ? renderBlock({ lines: rest }, { first: false, last: position.last }) : '';
    return [heading(first, position.first), after].filter((part) => part !== '').join('\n\n');
  }
  if (first !== undefined && block.lines.length === 1 && !position.last && looksLikeHeading(first)) {
    return heading(first, position.first);
  }
  const parts: string[] = [];
  for (const line of block.lines) {
    if (ruleLine.test(line)) continue;
    const item = bulletLine.exec(line)?.groups?.text;
    const previous = parts.length - 1;
    if (item !== undefined) parts.push(`- ${escapeInline(item.trim())}`);
    else if (previous >= 0 && (/^\s/.test(line) || !parts[previous]!.startsWith('- '))) {
      parts[previous] = `${parts[previous]!} ${escapeInline(line.trim())}`;
    } else parts.push(escapeLineStart(escapeInline(line.trim())));
  }
  return joinParts(parts);
}

/** List items go one per line; a paragraph after a list needs a blank line to stay a paragraph. */
function joinParts(parts: readonly string[]): string {
  return parts.reduce((joined, part, index) => {
    if (index === 0) return part;
    const separator = part.startsWith('- ') && parts[index - 1]!.startsWith('- ') ? '\n' : '\n\n';
    return `${joined}${separator}${part}`;
  }, '');
}

function looksLikeHeading(line: string): boolean {
  const text = line.trim();
  if (text.length < 3 || text.length > 80 || /[.,;:!?]$/.test(text) || bulletLine.test(text)) return false;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 3) return false;
  if (letters === letters.toUpperCase()) return true;
  const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  return words.every(
    (word, index) => (index > 0 && smallWords.has(word.toLowerCase())) || /^[^\p{L}]*\p{Lu}/u.test(word),
  );
}

const heading = (text: string, first: boolean): string =>
  `${first ? '#' : '##'} ${escapeInline(text.trim())}`;

/** Plain text may contain characters Markdown would read as formatting; they are kept as text. */
const escapeInline = (text: string): string => text.replace(/([\\`*_[\]<>])/g, '\\$1');

/** Keeps a paragraph that starts like a heading, quote or list from being read as one. */
const escapeLineStart = (text: string): string =>
  text.replace(/^(#{1,6}(?=\s|$)|>|\+(?=\s)|=+$)/, '\\$1').replace(/^(\d{1,9})([.)])(?=\s)/, '$1\\$2');
