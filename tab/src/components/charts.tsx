import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Counts } from '../api/types';
import { formatDay, formatNumber, formatPercent } from '../format';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    height: '10px',
    borderRadius: tokens.borderRadiusCircular,
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground5,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
  },
  signed: { backgroundColor: tokens.colorPaletteGreenForeground1 },
  waiting: { backgroundColor: tokens.colorPaletteMarigoldBorderActive },
  overdue: { backgroundColor: tokens.colorPaletteRedForeground1 },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground2,
  },
  key: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  swatch: { width: '10px', height: '10px', borderRadius: tokens.borderRadiusSmall, display: 'inline-block' },
  chart: { width: '100%', height: '120px', display: 'block', overflow: 'visible' },
  axis: { display: 'flex', justifyContent: 'space-between', color: tokens.colorNeutralForeground3 },
  line: { stroke: tokens.colorBrandForeground1, strokeWidth: 2, fill: 'none' },
  area: { fill: tokens.colorBrandBackground2 },
  grid: { stroke: tokens.colorNeutralStroke2, strokeWidth: 1, strokeDasharray: '3 3' },
});

/** Signed, waiting and overdue as one bar, with the figures in words for screen readers. */
export function ComplianceBar({ counts, label }: { counts: Counts; label: string }) {
  const styles = useStyles();
  const waiting = counts.outstanding - counts.overdue;
  const width = (n: number) => `${counts.eligible === 0 ? 0 : (n / counts.eligible) * 100}%`;
  return (
    <div
      className={styles.bar}
      role="img"
      aria-label={`${label}: ${formatNumber(counts.signed)} of ${formatNumber(counts.eligible)} signed, ${formatNumber(counts.overdue)} overdue`}
    >
      <span className={styles.signed} style={{ width: width(counts.signed) }} />
      <span className={styles.waiting} style={{ width: width(waiting) }} />
      <span className={styles.overdue} style={{ width: width(counts.overdue) }} />
    </div>
  );
}

export function ComplianceLegend({ counts }: { counts: Counts }) {
  const styles = useStyles();
  const item = (className: string, text: string) => (
    <span className={styles.key}>
      <span className={`${styles.swatch} ${className}`} aria-hidden />
      <Text size={200}>{text}</Text>
    </span>
  );
  return (
    <div className={styles.legend}>
      {item(
        styles.signed,
        `${formatNumber(counts.signed)} signed (${formatPercent(counts.signed, counts.eligible)})`,
      )}
      {item(styles.waiting, `${formatNumber(counts.outstanding - counts.overdue)} not yet due`)}
      {item(styles.overdue, `${formatNumber(counts.overdue)} overdue`)}
    </div>
  );
}

/** Cumulative signatures since publication, out of everyone eligible. */
export function TrendChart({
  days,
  eligible,
  title,
}: {
  days: { date: string; cumulative: number }[];
  eligible: number;
  title: string;
}) {
  const styles = useStyles();
  if (days.length === 0) return null;
  const width = 300;
  const height = 100;
  const top = Math.max(eligible, 1);
  const x = (i: number) => (days.length === 1 ? width : (i / (days.length - 1)) * width);
  const y = (n: number) => height - (n / top) * height;
  const points = days.map((d, i) => `${x(i).toFixed(1)},${y(d.cumulative).toFixed(1)}`);
  const last = days.at(-1)!;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className={styles.chart}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title}: ${formatNumber(last.cumulative)} of ${formatNumber(eligible)} signed by ${formatDay(last.date)}, since ${formatDay(days[0]!.date)}`}
      >
        <line
          className={styles.grid}
          x1={0}
          x2={width}
          y1={y(top)}
          y2={y(top)}
          vectorEffect="non-scaling-stroke"
        />
        <line
          className={styles.grid}
          x1={0}
          x2={width}
          y1={y(top / 2)}
          y2={y(top / 2)}
          vectorEffect="non-scaling-stroke"
        />
        <polygon className={styles.area} points={`0,${height} ${points.join(' ')} ${width},${height}`} />
        <polyline className={styles.line} points={points.join(' ')} vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption className={styles.axis}>
        <Text size={200}>{formatDay(days[0]!.date)}</Text>
        <Text size={200}>{formatDay(last.date)}</Text>
      </figcaption>
    </figure>
  );
}
