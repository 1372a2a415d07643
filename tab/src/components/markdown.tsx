import { makeStyles, tokens } from '@fluentui/react-components';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

const useStyles = makeStyles({
  body: {
    lineHeight: tokens.lineHeightBase400,
    fontSize: tokens.fontSizeBase400,
    maxWidth: '46rem',
    '& h1, & h2, & h3': { lineHeight: tokens.lineHeightBase500, marginTop: tokens.spacingVerticalXL },
    '& li': { marginBottom: tokens.spacingVerticalXS },
    '& table': { borderCollapse: 'collapse', marginBottom: tokens.spacingVerticalM },
    '& th, & td': {
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      textAlign: 'start',
      verticalAlign: 'top',
    },
    '& a': { color: tokens.colorBrandForegroundLink },
  },
});

/**
 * A policy's text. react-markdown builds React elements, never HTML strings: raw HTML in the
 * text is shown as text, and links keep only safe protocols. GitHub's Markdown tables are read
 * too, as imported policies keep their tables that way.
 */
export function PolicyText({ markdown }: { markdown: string }) {
  return (
    <div className={useStyles().body}>
      <Markdown skipHtml remarkPlugins={[remarkGfm]}>
        {markdown}
      </Markdown>
    </div>
  );
}
