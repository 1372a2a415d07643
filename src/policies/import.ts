import { AppError } from '../errors';
import { docxToMarkdown, type Converted } from './docx-to-markdown';
import { outlineOf, type MarkdownOutline } from './markdown-outline';
import { decodeText, noReadableText, textToMarkdown } from './text-to-markdown';

/** The largest file an import accepts. */
export const maxImportBytes = 5 * 1024 * 1024;
const maxBodyCharacters = 500_000;

export type ImportKind = 'docx' | 'markdown' | 'text';

/** A policy's text as an import found it, ready to become a draft version's body. Nothing is stored. */
export interface ImportedBody extends MarkdownOutline {
  markdown: string;
  warnings: string[];
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
  const { markdown, warnings } = await convert(kind, file.bytes);
  if (markdown.trim() === '') throw noReadableText();
  if (markdown.length > maxBodyCharacters) {
    throw new AppError(
      'bad_request',
      `The policy text is ${markdown.length.toLocaleString('en-GB')} characters long; a version holds at most 500,000. Split the document or shorten it.`,
    );
  }
  return { markdown, ...outlineOf(markdown), warnings };
}

async function convert(kind: ImportKind, bytes: Buffer): Promise<Converted> {
  if (kind === 'docx') return docxToMarkdown(bytes);
  const text = decodeText(bytes);
  const markdown = kind === 'markdown' ? text.replace(/^\n+/, '').trimEnd() : textToMarkdown(text);
  return { markdown, warnings: [] };
}

/** The file's type from its Content-Type, or from its name's extension when the type is vague. */
export function importKind(file: Pick<ImportFile, 'contentType' | 'filename'>): ImportKind {
  const contentType = (file.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename ?? '')?.[1]?.toLowerCase() ?? '';
  const kind = vagueContentTypes.has(contentType)
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
