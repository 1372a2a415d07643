import { makeStyles, tokens } from '@fluentui/react-components';
import * as AdaptiveCards from 'adaptivecards';
import { useEffect, useRef } from 'react';

const useStyles = makeStyles({
  frame: {
    maxWidth: '30rem',
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    '& .ac-pushButton': {
      cursor: 'not-allowed',
      padding: '6px 12px',
      borderRadius: tokens.borderRadiusMedium,
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
      backgroundColor: tokens.colorNeutralBackground1,
      color: tokens.colorNeutralForeground1,
      fontFamily: tokens.fontFamilyBase,
    },
    '& .ac-pushButton.style-positive': {
      backgroundColor: tokens.colorBrandBackground,
      color: tokens.colorNeutralForegroundOnBrand,
    },
    '& input, & textarea': { fontFamily: tokens.fontFamilyBase, padding: '4px 6px' },
  },
});

/** Renders a card with the adaptivecards renderer, as staff will see it in Teams. Actions do nothing here. */
export function CardPreview({ card, label }: { card: unknown; label: string }) {
  const styles = useStyles();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = host.current;
    if (!target) return;
    const adaptive = new AdaptiveCards.AdaptiveCard();
    adaptive.hostConfig = new AdaptiveCards.HostConfig({
      fontFamily: 'Segoe UI, system-ui, sans-serif',
      containerStyles: {
        default: {
          backgroundColor: '#00000000',
          foregroundColors: { default: { default: 'currentColor', subtle: 'currentColor' } },
        },
      },
    });
    adaptive.onExecuteAction = () => undefined;
    adaptive.parse(card);
    const rendered = adaptive.render();
    target.replaceChildren(...(rendered ? [rendered] : []));
    return () => target.replaceChildren();
  }, [card]);
  return <div ref={host} className={styles.frame} role="group" aria-label={label} />;
}
