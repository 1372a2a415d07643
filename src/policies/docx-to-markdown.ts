import mammoth from 'mammoth';
import TurndownService from 'turndown';
import { AppError } from '../errors';

export interface Converted {
  markdown: string;
  warnings: string[];
}

/** Word's own title styles become headings too (mammoth maps "Heading 1"–"Heading 6" already). */
const styleMap = [
  "p[style-name='Title'] => h1:fresh",
  'p.Title => h1:fresh',
  "p[style-name='Subtitle'] => h2:fresh",
  'p.Subtitle => h2:fresh',
];

/** The few DOM properties the rules read (turndown parses with domino; Conduct has no DOM types). */
interface DomNode {
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
  readonly nextSibling: DomNode | null;
}
const dom = (node: unknown): DomNode => node as DomNode;

/** Bullets typed by hand at the start of a paragraph, instead of Word's list formatting. */
const typedBullet = /^\s*[•·▪●◦‣○■□➢➤✓✔]\s*/u;

/**
 * Converts a Word document to Markdown: mammoth reads the document's structure (headings, lists,
 * paragraphs, bold and italic) as HTML, and turndown writes that as Markdown. Pictures are left
 * out; a short paragraph that is wholly bold is taken as a heading, as many school documents use.
 */
export async function docxToMarkdown(bytes: Buffer): Promise<Converted> {
  let pictures = 0;
  let html: string;
  let messages: { type: string; message: string }[];
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        styleMap,
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(() => {
          pictures += 1;
          return Promise.resolve({ src: '' });
        }),
      },
    );
    html = result.value;
    messages = result.messages;
  } catch {
    throw new AppError(
      'bad_request',
      'The file could not be read as a Word document. Open it in Word, save it as a .docx file and import it again.',
    );
  }
  const tables = (html.match(/<table[\s>]/g) ?? []).length;
  return { markdown: htmlToMarkdown(html), warnings: warningsFor(pictures, tables, messages) };
}

function htmlToMarkdown(html: string): string {
  const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', emDelimiter: '_' });
  turndown.remove('img');
  turndown.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => {
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '').replace(/\n/gm, '\n  ');
      return `- ${body}${dom(node).nextSibling ? '\n' : ''}`;
    },
  });
  turndown.addRule('boldParagraphAsHeading', {
    filter: (node) => isBoldHeading(dom(node)),
    replacement: (_content, node) => `\n\n## ${turndown.escape((dom(node).textContent ?? '').trim())}\n\n`,
  });
  turndown.addRule('typedBullet', {
    filter: (node) => dom(node).nodeName === 'P' && typedBullet.test(dom(node).textContent ?? ''),
    replacement: (content) => `\n\n- ${content.replace(typedBullet, '').trim()}\n\n`,
  });
  return turndown
    .turndown(html)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A paragraph whose only text is bold, short and without closing punctuation, outside lists and tables. */
function isBoldHeading(node: DomNode): boolean {
  if (node.nodeName !== 'P') return false;
  const text = (node.textContent ?? '').trim();
  if (text.length < 3 || text.length > 80 || /[.,;:!?]$/.test(text)) return false;
  const boldText = Array.from(node.childNodes)
    .map((child) =>
      child.nodeName === 'STRONG' || child.nodeName === 'B' ? (child.textContent ?? '') : null,
    )
    .filter((part) => part !== null)
    .join('')
    .trim();
  const inside = (name: string): boolean => {
    for (let parent = node.parentNode; parent; parent = parent.parentNode) {
      if (parent.nodeName === name) return true;
    }
    return false;
  };
  return boldText === text && !inside('LI') && !inside('TD') && !inside('TH');
}

function warningsFor(
  pictures: number,
  tables: number,
  messages: { type: string; message: string }[],
): string[] {
  const warnings: string[] = [];
  if (pictures > 0) {
    warnings.push(
      `${plural(pictures, 'picture was', 'pictures were')} left out: a policy version holds text only.`,
    );
  }
  if (tables > 0) {
    warnings.push(
      `${plural(tables, 'table was', 'tables were')} imported as separate paragraphs: check that the text still reads well.`,
    );
  }
  // Word styles Conduct does not map (e.g. "List Paragraph") are normal; anything else is worth a look.
  const fromWord = messages
    .filter((message) => message.type === 'warning' && !message.message.startsWith('Unrecognised'))
    .map((message) => `Word document: ${message.message}`);
  return [...warnings, ...new Set(fromWord)].slice(0, 20);
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
