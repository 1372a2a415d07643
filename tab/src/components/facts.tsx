import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { formatDayTime } from '../format';
import { Muted } from './layout';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, whiteSpace: 'pre-wrap' },
  timeline: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  entry: { borderLeft: `3px solid ${tokens.colorBrandStroke1}`, paddingLeft: tokens.spacingHorizontalM },
});

/** A record's details: each term beside its value (the `Fact`s inside). */
export function Facts({ children }: { children: ReactNode }) {
  return <dl className={useStyles().facts}>{children}</dl>;
}

/** One term of `Facts` and its value; a value's line breaks are kept. */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.value}>{children}</dd>
    </>
  );
}

/** What happened to a record, in order: each step with when and by whom, and any note. */
export function Timeline({
  entries,
}: {
  entries: readonly { label: string; at: string; by?: string | null; note?: string | null }[];
}) {
  const styles = useStyles();
  return (
    <ol className={styles.timeline}>
      {entries.map((entry, index) => (
        <li key={index} className={styles.entry}>
          <Text weight="semibold">{entry.label}</Text>{' '}
          <Muted>
            {formatDayTime(entry.at)}
            {entry.by ? ` · ${entry.by}` : ''}
          </Muted>
          {entry.note ? <Text block>{entry.note}</Text> : null}
        </li>
      ))}
    </ol>
  );
}
