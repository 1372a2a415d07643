import { makeStyles, tokens } from '@fluentui/react-components';
import Markdown from 'react-markdown';

const useStyles = makeStyles({
  body: {
    lineHeight: tokens.lineHeightBase400,
    fontSize: tokens.fontSizeBase400,
    maxWidth: '46rem',
    '& h1, & h2, & h3': { lineHeight: tokens.lineHeightBase500, marginTop: tokens.spacingVerticalXL },
    '& li': { marginBottom: tokens.spacingVerticalXS },
    '& a': { color: tokens.colorBrandForegroundLink },
  },
});

/**
 * A policy's text. react-markdown builds React elements, never HTML strings: raw HTML in the
 * text is shown as text, and links keep only safe protocols.
 */
export function PolicyText({ markdown }: { markdown: string }) {
  return (
    <div className={useStyles().body}>
      <Markdown skipHtml>{markdown}</Markdown>
    </div>
  );
}
