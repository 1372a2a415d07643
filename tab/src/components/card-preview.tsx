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

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The part of Markdown Teams renders in a card's text (bold, italic), applied after escaping, so
 * nothing in a card's text can become markup.
 */
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])_(.+?)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/\n/g, '<br>');
  result.didProcess = true;
};

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
    // The renderer marks heading text blocks role="heading" without a level; the card sits under
    // this page's level-2 section heading.
    rendered
      ?.querySelectorAll('[role="heading"]:not([aria-level])')
      .forEach((heading) => heading.setAttribute('aria-level', '3'));
    target.replaceChildren(...(rendered ? [rendered] : []));
    return () => target.replaceChildren();
  }, [card]);
  return <div ref={host} className={styles.frame} role="group" aria-label={label} />;
}
