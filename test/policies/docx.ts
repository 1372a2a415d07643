import JSZip from 'jszip';

/**
 * Builds small Word documents for import tests: a zip with [Content_Types].xml, _rels/.rels,
 * word/document.xml, and numbering and styles parts, so lists and headings are real Word ones.
 */
const main = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const relationships = 'http://schemas.openxmlformats.org/package/2006/relationships';
const officeDocument = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const drawing = 'http://schemas.openxmlformats.org/drawingml/2006';
const pixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const run = (text: string, bold = false): string =>
  `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;

/** A paragraph in a Word style, e.g. "Heading1" or "Title". */
export const styled = (style: string, text: string): string =>
  `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr>${run(text)}</w:p>`;

export const paragraph = (text: string): string => `<w:p>${run(text)}</w:p>`;

export const boldParagraph = (text: string): string => `<w:p>${run(text, true)}</w:p>`;

/** A paragraph that starts bold and goes on in plain text, like "Email – staff must…". */
export const leadIn = (bold: string, rest: string): string => `<w:p>${run(bold, true)}${run(rest)}</w:p>`;

/** An item of a Word bulleted list (level 0 or 1). */
export const bullet = (text: string, level = 0): string =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="1"/></w:numPr></w:pPr>${run(text)}</w:p>`;

/** An item of a Word numbered list: "1." at level 0, "a)" at level 1. */
export const numbered = (text: string, level = 0): string =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="2"/></w:numPr></w:pPr>${run(text)}</w:p>`;

/**
 * An item of a list of one of the other shapes Word offers (see the numbering part below): numId 3
 * is legal numbering ("1." then "1.1"), 4 is "(i)" then "(A)", 5 is list 3 again restarted at 1.
 */
export const listItem = (numId: 3 | 4 | 5, text: string, level = 0): string =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>${run(text)}</w:p>`;

/** A paragraph in a list style (numbering from styles.xml, not from the paragraph): "Step 1:", "Step 2:". */
export const stepItem = (text: string): string =>
  `<w:p><w:pPr><w:pStyle w:val="StepList"/></w:pPr>${run(text)}</w:p>`;

/** A picture (a one-pixel PNG every document carries as word/media/pixel.png). */
export const picture = (): string =>
  `<w:p><w:r><w:drawing><wp:inline xmlns:wp="${drawing}/wordprocessingDrawing"><wp:docPr id="1" name="Picture 1"/>` +
  `<a:graphic xmlns:a="${drawing}/main"><a:graphicData uri="${drawing}/picture"><pic:pic xmlns:pic="${drawing}/picture">` +
  `<pic:blipFill><a:blip xmlns:r="${officeDocument}" r:embed="rIdPixel"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>` +
  `</wp:inline></w:drawing></w:r></w:p>`;

/** A table; a cell given as an array holds one paragraph per entry, "<2>" before a cell's text merges it across two columns. */
export const table = (rows: (string | string[])[][]): string =>
  `<w:tbl>${rows.map((cells) => `<w:tr>${cells.map(cellXml).join('')}</w:tr>`).join('')}</w:tbl>`;

function cellXml(cell: string | string[]): string {
  const texts = typeof cell === 'string' ? [cell] : cell;
  const span = /^<(\d)>/.exec(texts[0] ?? '')?.[1];
  const properties = span ? `<w:tcPr><w:gridSpan w:val="${span}"/></w:tcPr>` : '';
  return `<w:tc>${properties}${texts.map((text) => paragraph(text.replace(/^<\d>/, ''))).join('')}</w:tc>`;
}

/** The paragraph styles the documents use, by id, with Word's own names for them. */
const styleNames = { Title: 'Title', Subtitle: 'Subtitle', Heading1: 'heading 1', Heading2: 'heading 2' };

/** The list definitions numbering.xml holds, by abstractNumId: each level's format and text, and its list style. */
const lists: [format: string, text: string, style?: string][][] = [
  [
    ['bullet', '•'],
    ['bullet', 'o'],
  ],
  [
    ['decimal', '%1.'],
    ['lowerLetter', '%2)'],
  ],
  [
    ['decimal', '%1.'],
    ['decimal', '%1.%2'],
  ],
  [
    ['lowerRoman', '(%1)'],
    ['upperLetter', '(%2)'],
  ],
  [['decimal', 'Step %1:', 'StepList']],
];
const listDefinitions = lists
  .map(
    (levels, id) =>
      `<w:abstractNum w:abstractNumId="${id}">${levels
        .map(
          ([format, text, style], level) =>
            `<w:lvl w:ilvl="${level}"><w:start w:val="1"/>${style ? `<w:pStyle w:val="${style}"/>` : ''}` +
            `<w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/></w:lvl>`,
        )
        .join('')}</w:abstractNum>`,
  )
  .join('\n');

export async function buildDocx(body: readonly string[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${relationships}"><Relationship Id="rId1" Type="${officeDocument}/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${relationships}"><Relationship Id="rId1" Type="${officeDocument}/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="${officeDocument}/styles" Target="styles.xml"/><Relationship Id="rIdPixel" Type="${officeDocument}/image" Target="media/pixel.png"/></Relationships>`,
  );
  zip.file('word/media/pixel.png', pixelPng);
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${main}">${Object.entries(styleNames)
      .map(
        ([id, name]) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`,
      )
      .join(
        '',
      )}<w:style w:type="paragraph" w:styleId="StepList"><w:name w:val="Step List"/><w:pPr><w:numPr><w:numId w:val="6"/></w:numPr></w:pPr></w:style></w:styles>`,
  );
  zip.file(
    'word/numbering.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${main}">
${listDefinitions}
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="4"/></w:num>
</w:numbering>`,
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${main}"><w:body>${body.join('')}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
