import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/** Headers for a file the browser saves rather than shows; the name is ASCII so every browser keeps it. */
export function attachmentHeaders(contentType: string, filename: string): Record<string, string> {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-');
  return {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${safe}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

/**
 * Streams rows as CSV with a byte-order mark (so Excel reads UTF-8 names correctly) and with cells
 * that start like a formula neutralised, since the export holds names people typed themselves.
 */
export async function sendCsv<T extends object>(
  res: ServerResponse,
  filename: string,
  columns: readonly { key: keyof T & string; header: string }[],
  rows: Iterable<T>,
): Promise<void> {
  res.writeHead(200, attachmentHeaders('text/csv; charset=utf-8', filename));
  const csv = stringify({
    header: true,
    bom: true,
    escape_formulas: true,
    columns: columns.map((c) => ({ ...c })),
  });
  const writing = pipeline(csv, res);
  for (const row of rows) {
    if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
  }
  csv.end();
  await writing.catch(abandon(res));
}

/**
 * Once the headers are out an error can no longer become an error response: the connection is cut
 * instead, so the browser reports a failed download rather than saving half a file as if complete.
 */
const abandon =
  (res: ServerResponse) =>
  (error: unknown): void => {
    if (!res.headersSent) throw error;
    res.destroy();
  };

/** Streams a generated document (e.g. a PDF) to the response. */
export async function sendDocument(
  res: ServerResponse,
  contentType: string,
  filename: string,
  body: Readable,
): Promise<void> {
  res.writeHead(200, attachmentHeaders(contentType, filename));
  await pipeline(body, res).catch(abandon(res));
}
