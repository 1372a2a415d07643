import { Text, makeStyles, mergeClasses, tokens, type TextProps } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  section: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    minWidth: 0,
  },
  sectionTitle: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
  grid: {
    display: 'grid',
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 22rem), 1fr))',
  },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <div className={styles.titles}>
        <Text as="h1" size={700} weight="semibold">
          {title}
        </Text>
        {subtitle ? <Text className={styles.muted}>{subtitle}</Text> : null}
      </div>
      {actions ? <div className={styles.actions}>{actions}</div> : null}
    </header>
  );
}

export function Section({
  title,
  actions,
  children,
  labelledBy,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  labelledBy?: string;
}) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby={labelledBy}>
      {title || actions ? (
        <div className={styles.sectionTitle}>
          {title ? (
            <Text as="h2" size={500} weight="semibold" id={labelledBy}>
              {title}
            </Text>
          ) : (
            <span />
          )}
          {actions ? <div className={styles.actions}>{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Grid({ children }: { children: ReactNode }) {
  return <div className={useStyles().grid}>{children}</div>;
}

export function Stack({ children }: { children: ReactNode }) {
  return <div className={useStyles().stack}>{children}</div>;
}

/** Secondary text beside what matters: a hint, a count, when something happened, "Nobody yet". */
export function Muted({ className, ...props }: TextProps) {
  return <Text {...props} className={mergeClasses(useStyles().muted, className)} />;
}

/**
 * Layouts forms share: `fields` one under another (a dialog's content, a form on a page), `options`
 * (checkboxes, radios) side by side, and `controls` side by side lined up on their inputs.
 */
export const useFormStyles = makeStyles({
  fields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  /** A short form under what it answers (a question, a policy): closer fields, a line's width. */
  short: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '40rem' },
  options: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  controls: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
});
