import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  type TableProps,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';

/** A column: its heading, and what a row shows in it. */
export interface Column<Row> {
  readonly header: ReactNode;
  readonly cell: (row: Row) => ReactNode;
  /** Classes for the column's cells and heading (e.g. right-aligned figures). */
  readonly className?: string;
  readonly headerButtonClassName?: string;
}

type Cell<Row> = (row: Row) => ReactNode;

/**
 * Columns by heading, in order (a column left `undefined` is not shown: one only some people may
 * use); or columns in full where a heading needs more than its text.
 */
export type Columns<Row> = Readonly<Record<string, Cell<Row> | undefined>> | readonly Column<Row>[];

const asColumns = <Row,>(columns: Columns<Row>): readonly Column<Row>[] =>
  Array.isArray(columns)
    ? (columns as readonly Column<Row>[])
    : Object.entries(columns as Record<string, Cell<Row> | undefined>).flatMap(([header, cell]) =>
        cell ? [{ header, cell }] : [],
      );

/** A table of rows under headings, the shape the tab's lists take: one row per item, labelled for screen readers. */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  size,
}: {
  label: string;
  columns: Columns<Row>;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  size?: TableProps['size'];
}) {
  const all = asColumns(columns);
  return (
    <Table aria-label={label} size={size}>
      <TableHeader>
        <TableRow>
          {all.map((column, i) => (
            <TableHeaderCell
              key={i}
              className={column.className}
              button={column.headerButtonClassName ? { className: column.headerButtonClassName } : undefined}
            >
              {column.header}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={rowKey(row)}>
            {all.map((column, i) => (
              <TableCell key={i} className={column.className}>
                {column.cell(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
