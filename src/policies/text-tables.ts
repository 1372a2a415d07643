import { escapeInline, markdownTable } from './markdown-outline';

/** A table found in plain text: its lines, first to last, and the Markdown table it becomes (none if its columns do not line up). */
export interface TextTable {
  start: number;
  end: number;
  markdown: string | undefined;
}

type Family = 'tabs' | 'pipes' | 'columns';

/** A line of nothing but "-", "=", "+" and "|" (with spaces): a table's border or header rule. */
const borderLine = /^\s*[-=+|: ]*[-=][-=+|: ]*$/;
const familyOf = (line: string): Family | undefined => {
  if (/^\s*\|.*\|\s*$/.test(line)) return 'pipes';
  if (/\S\t+\S/.test(line.trim())) return 'tabs';
  // Two spaces or more between words, not after a full stop: a gap between columns.
  if (/[^\s.!?;:,] {2,}\S/.test(line.trim())) return 'columns';
  return undefined;
};

/**
 * Finds tables in plain text — cells separated by tabs, columns aligned with spaces, or rows
 * drawn with "|" — and writes each as a Markdown table, the first row as its header. Lines that
 * look like a table but whose columns cannot be matched up are left as text, with a warning.
 */
export function findTables(lines: readonly string[]): { tables: TextTable[]; warnings: string[] } {
  const tables: TextTable[] = [];
  const warnings: string[] = [];
  let index = 0;
  while (index < lines.length) {
    // A grid's top border ("+----+----+") belongs to the table of "|" rows under it.
    const family =
      familyOf(lines[index]!) ??
      (borderLine.test(lines[index]!) && familyOf(lines[index + 1] ?? '') === 'pipes' ? 'pipes' : undefined);
    if (!family) {
      index += 1;
      continue;
    }
    let end = index;
    while (end + 1 < lines.length && belongs(lines[end + 1]!, family)) end += 1;
    const rowLines = lines.slice(index, end + 1).filter((line) => !borderLine.test(line));
    if (rowLines.length >= 2) {
      const rows = cellsOf(rowLines, family);
      const markdown = rows && markdownTable(rows.map((row) => row.map(escapeInline)));
      tables.push({ start: index, end, markdown });
      if (!rows) {
        warnings.push(
          `Lines ${index + 1}–${end + 1} look like a table, but their columns do not line up, so they were kept as text: check them.`,
        );
      }
    }
    index = end + 1;
  }
  return { tables, warnings };
}

/** The next line of a table: a row of the same kind, a border, or (aligned columns) a wrapped cell. */
function belongs(line: string, family: Family): boolean {
  if (line.trim() === '') return false;
  if (borderLine.test(line) && family !== 'tabs') return true;
  if (familyOf(line) === family) return true;
  return (family === 'columns' && /^ {2,}\S/.test(line)) || (family === 'tabs' && /^\t+\S/.test(line));
}

function cellsOf(lines: readonly string[], family: Family): string[][] | undefined {
  const rows =
    family === 'columns'
      ? alignedColumns(lines)
      : lines.map((line) =>
          family === 'tabs'
            ? line.trimEnd().split(/\t+/)
            : line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|'),
        );
  if (!rows) return undefined;
  const joined = joinWrappedCells(rows.map((row) => row.map((cell) => cell.trim())));
  const width = joined[0]!.length;
  if (width < 2 || joined[0]!.some((cell) => cell === '') || joined.some((row) => row.length > width)) {
    return undefined;
  }
  return joined;
}

/** Columns where every line has a gap of two spaces or more at the same place. */
function alignedColumns(lines: readonly string[]): string[][] | undefined {
  const width = Math.max(...lines.map((line) => line.length));
  const blank = (at: number): boolean => lines.every((line) => at >= line.length || line[at] === ' ');
  const starts: number[] = [];
  for (let at = 0; at < width; at += 1) {
    if (!blank(at) && (at === 0 || (blank(at - 1) && (at === 1 || blank(at - 2))))) starts.push(at);
  }
  if (starts.length < 2) return undefined;
  return lines.map((line) =>
    starts.map((start, column) => line.slice(start, starts[column + 1] ?? line.length)),
  );
}

/** A row whose first cell is empty continues the row above: its text wrapped within the cells. */
function joinWrappedCells(rows: string[][]): string[][] {
  const joined: string[][] = [];
  for (const row of rows) {
    const previous = joined.at(-1);
    if (previous && row[0] === '' && joined.length > 1) {
      row.forEach((cell, column) => {
        if (cell !== '') previous[column] = `${previous[column] ?? ''} ${cell}`.trim();
      });
    } else joined.push(row);
  }
  return joined;
}
