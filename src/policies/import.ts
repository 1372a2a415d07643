import { AppError } from '../errors';
import { decodeText, noReadableText } from './decode-text';
import { outlineOf, type MarkdownOutline } from './markdown-outline';
import { textToMarkdown } from './text-to-markdown';
import { findVersionFields, type ImportedFields } from './version-fields';

/** The largest file an import accepts. */
export const maxImportBytes = 5 * 1024 * 1024;
const maxBodyCharacters = 500_000;

export type ImportKind = 'docx' | 'markdown' | 'text';

/** A policy's text as an import found it, ready to become a draft version's body. Nothing is stored. */
export interface ImportedBody extends MarkdownOutline {
  markdown: string;
  /** What the import noticed and the person importing should check. */
  warnings: string[];
  /** The version's label and dates, when the document states them. */
  fields: ImportedFields;
}

export interface ImportFile {
  bytes: Buffer;
  /** The request's Content-Type, if any. */
  contentType?: string | undefined;
  /** The file's name, if the client gave it; its extension is used when the content type says nothing. */
  filename?: string | undefined;
}

const kindByContentType: Record<string, ImportKind> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
};
const kindByExtension: Record<string, ImportKind> = {
  docx: 'docx',
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
};
/** Content types that say nothing about the file (browsers send these for unknown extensions). */
const vagueContentTypes = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** Converts an uploaded .docx, .md or .txt file to Markdown and reports its structure. */
export async function importBody(file: ImportFile): Promise<ImportedBody> {
  if (file.bytes.length === 0)
    throw new AppError('bad_request', 'The file is empty. Choose the file with the policy text in it.');
  const kind = importKind(file);
  if (file.bytes.length > maxImportBytes) throw tooLarge();
  const { markdown, warnings, fields } = await convert(kind, file.bytes);
  if (markdown.trim() === '') throw noReadableText();
  if (markdown.length > maxBodyCharacters) {
    throw new AppError(
      'bad_request',
      `The policy text is ${markdown.length.toLocaleString('en-GB')} characters long; a version holds at most 500,000. Split the document or shorten it.`,
    );
  }
  return { markdown, ...outlineOf(markdown), warnings, fields };
}

/**
 * The document as Markdown, with its signature block and dates taken out as fields. Plain text
 * that is plainly Markdown already (headings written "## …", "**bold**") is read as Markdown.
 */
async function convert(kind: ImportKind, bytes: Buffer): Promise<Omit<ImportedBody, keyof MarkdownOutline>> {
  if (kind === 'docx') {
    // Loaded on the first Word import only: mammoth, turndown and the XML parser are heavy to load
    // and every start of Conduct (and every test file that starts it) would pay for them.
    const { docxToMarkdown } = await import('./docx-to-markdown');
    const word = await docxToMarkdown(bytes);
    const found = findVersionFields(word.markdown.split('\n'));
    return {
      markdown: tidy(found.lines),
      fields: found.fields,
      warnings: [...word.warnings, ...found.warnings],
    };
  }
  const decoded = decodeText(bytes);
  const found = findVersionFields(decoded.text.split('\n'));
  if (kind === 'markdown' || looksLikeMarkdown(decoded.text)) {
    return {
      markdown: tidy(found.lines),
      fields: found.fields,
      warnings: [...decoded.warnings, ...found.warnings],
    };
  }
  const text = textToMarkdown(found.lines);
  return {
    markdown: text.markdown,
    fields: found.fields,
    warnings: [...decoded.warnings, ...text.warnings, ...found.warnings],
  };
}

/** Lines as Markdown: no blank lines at the start or end, and never more than one in a row. */
const tidy = (lines: readonly string[]): string =>
  lines
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd();

/** Two "## " headings, or one with bold text, a link or a table: written as Markdown. */
function looksLikeMarkdown(text: string): boolean {
  const headings = (text.match(/^#{1,6} \S/gm) ?? []).length;
  const other = /\*\*\S[^*\n]*\*\*|\[[^\]\n]+\]\(\S+\)|^\|? *:?-{3,}:? *\|/m.test(text);
  return headings >= 2 || (headings === 1 && other);
}

/** The file's type from its Content-Type, or from its name's extension when the type is vague. */
export function importKind(file: Pick<ImportFile, 'contentType' | 'filename'>): ImportKind {
  const contentType = (file.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename ?? '')?.[1]?.toLowerCase() ?? '';
  // Browsers send text/plain for a .md file on many computers: the name says more than the type.
  const kind =
    vagueContentTypes.has(contentType) || (contentType === 'text/plain' && kindByExtension[extension])
      ? kindByExtension[extension]
      : kindByContentType[contentType];
  if (kind) return kind;
  if (contentType === 'application/msword' || extension === 'doc') {
    throw new AppError(
      'unsupported_media_type',
      'Older Word files (.doc) cannot be imported. Open the file in Word, save it as a Word Document (.docx) and import that.',
    );
  }
  throw new AppError(
    'unsupported_media_type',
    'Conduct can import a Word document (.docx), a Markdown file (.md) or a plain text file (.txt). Save the policy as one of these and import it again.',
  );
}

export const tooLarge = (): AppError =>
  new AppError(
    'payload_too_large',
    'The file is larger than 5 MB. Policy text is rarely that large: remove pictures from the document, or save it as plain text, and import it again.',
  );
