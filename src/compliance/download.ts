import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FileReply } from '../http/route';

/**
 * Rows as a CSV download with a byte-order mark (so Excel reads UTF-8 names correctly) and with cells
 * that start like a formula neutralised, since the export holds names people typed themselves.
 */
export function csvReply<T extends object>(
  filename: string,
  columns: readonly { key: keyof T & string; header: string }[],
  rows: Iterable<T>,
): FileReply & { status: 200 } {
  const csv = stringify({
    header: true,
    bom: true,
    escape_formulas: true,
    columns: columns.map((c) => ({ ...c })),
  });
  const source = Readable.from(rows);
  source.once('error', (error) => csv.destroy(error));
  source.pipe(csv);
  return { status: 200, contentType: 'text/csv; charset=utf-8', filename, stream: csv };
}

/** A generated document (e.g. a PDF) as a download. */
export const documentReply = (
  contentType: string,
  filename: string,
  stream: Readable,
): FileReply & { status: 200 } => ({
  status: 200,
  contentType,
  filename,
  stream,
});
