import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AppError } from '../errors';

export interface DecodedText {
  text: string;
  /** The character set the bytes were read as, in iconv-lite's spelling. */
  encoding: string;
  warnings: string[];
}

/**
 * Reads a text file as people save them on school computers: UTF-8 (with or without a byte-order
 * mark), UTF-16 (Notepad's "Unicode", with or without a mark), or an older editor's single-byte
 * character set. The declared charset of an upload is not trusted: browsers rarely send one and
 * editors often mislabel; the bytes decide. Binary content is refused rather than turned into
 * mojibake.
 */
export function decodeText(bytes: Buffer): DecodedText {
  const mark = byteOrderMark(bytes);
  const encoding = mark?.encoding ?? utf16Without(bytes) ?? (isUtf8(bytes) ? 'utf8' : singleByte(bytes));
  const skip = mark?.length ?? 0;
  const decoded = iconv.decode(bytes.subarray(skip), encoding).replace(/\r\n?/g, '\n');
  if (hasBinaryControls(decoded)) throw noReadableText();
  const text = decoded.replace(/[\u0080-\u009f]/g, '\ufffd');
  return { text, encoding, warnings: unreadableCharacters(text, encoding) };
}

function byteOrderMark(bytes: Buffer): { encoding: string; length: number } | undefined {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf16be', length: 2 };
  return undefined;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a mark: text in the Latin alphabet has a zero in every other byte. */
function utf16Without(bytes: Buffer): string | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    if (bytes[index] === 0) {
      if (index % 2 === 0) evenZeros += 1;
      else oddZeros += 1;
    }
  }
  const half = bytes.length / 2;
  if (oddZeros > half * 0.6 && evenZeros < half * 0.05) return 'utf16le';
  if (evenZeros > half * 0.6 && oddZeros < half * 0.05) return 'utf16be';
  return undefined;
}

/** The Latin-1 family, which Windows-1252 covers for every printable character. */
const westernEuropean = new Set(['ISO-8859-1', 'ISO-8859-15', 'windows-1252']);

/**
 * A UK school's older files are almost always Windows-1252. chardet's guess replaces it only when
 * the file has enough accented letters to judge by and chardet is much surer of another character
 * set (a colleague's Polish or Russian document), since on a few "£" or "’" it guesses at random.
 */
function singleByte(bytes: Buffer): string {
  let nonAscii = 0;
  for (const byte of bytes) if (byte >= 0x80) nonAscii += 1;
  const candidates = chardet.analyse(bytes);
  const western = Math.max(
    0,
    ...candidates.filter((c) => westernEuropean.has(c.name)).map((c) => c.confidence),
  );
  const best = candidates.find((c) => !westernEuropean.has(c.name) && !c.name.startsWith('UTF'));
  if (best && nonAscii >= 8 && best.confidence >= western + 20 && iconv.encodingExists(best.name)) {
    return windowsFor[best.name] ?? best.name.toLowerCase();
  }
  return 'windows-1252';
}

/** Windows saves Central European text as Windows-1250, which chardet often calls ISO-8859-2. */
const windowsFor: Record<string, string> = { 'ISO-8859-2': 'windows-1250' };

/** Tab, line feed, vertical tab (Word's manual line break), form feed and carriage return. */
const allowedControls = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

/** Any other C0 control character means the file is not text. */
function hasBinaryControls(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && !allowedControls.has(code)) || code === 0x7f) return true;
  }
  return false;
}

/**
 * Bytes the character set does not define (in Windows-1252: 0x81, 0x8D, 0x8F, 0x90 and 0x9D) are
 * shown as "�", and invisible C1 control characters (U+0080–U+009F, left by a broken conversion)
 * are too, so the person importing can find them; the warning says how many.
 */
function unreadableCharacters(text: string, encoding: string): string[] {
  const count = (text.match(/\ufffd/g) ?? []).length;
  if (count === 0) return [];
  const name =
    encodingNames[encoding] ??
    (encoding.startsWith('windows') ? `W${encoding.slice(1)}` : encoding.toUpperCase());
  return [
    `${count} ${count === 1 ? 'character' : 'characters'} of the file could not be read as ${name} text and ${count === 1 ? 'shows' : 'show'} as "�": find and correct ${count === 1 ? 'it' : 'them'} in the text.`,
  ];
}

const encodingNames: Record<string, string> = {
  utf8: 'UTF-8',
  utf16le: 'UTF-16',
  utf16be: 'UTF-16',
};

export const noReadableText = (): AppError =>
  new AppError(
    'bad_request',
    'The file has no readable text in it. Check it opens as text, then import it again.',
  );
