import { docxToMarkdown } from '../../src/policies/docx-to-markdown';
import { buildDocx, bullet, listItem, numbered, paragraph, stepItem } from './docx';

// Word numbers its lists itself (a), (iv), 2.1, "Step 3:"); the import keeps the numbers a reader saw
// in Word: as a Markdown ordered list where Markdown has that marker, else as written.
const imported = async (...body: string[]) => (await docxToMarkdown(await buildDocx(body))).markdown;

describe('importing Word lists keeps their numbers', () => {
  it('keeps a lettered list as a), b), c)', async () => {
    expect(
      await imported(
        paragraph('Staff must not:'),
        numbered('share', 1),
        numbered('write', 1),
        numbered('reuse', 1),
      ),
    ).toBe('Staff must not:\n\na) share\n\nb) write\n\nc) reuse');
  });

  it('keeps lettered items under a numbered item, each a paragraph of that item', async () => {
    expect(
      await imported(numbered('First'), numbered('this', 1), numbered('that', 1), numbered('Second')),
    ).toBe('1. First\n\n   a) this\n\n   b) that\n2. Second');
  });

  it('keeps legal numbering (2.1) and restarts the sub-level under each new number', async () => {
    expect(
      await imported(
        listItem(3, 'Scope'),
        listItem(3, 'Who', 1),
        listItem(3, 'Where', 1),
        listItem(3, 'Accounts'),
        listItem(3, 'One each', 1),
      ),
    ).toBe('1. Scope\n\n   1.1 Who\n\n   1.2 Where\n2. Accounts\n\n   2.1 One each');
  });

  it('keeps roman and capital letters, and counts on across paragraphs between items', async () => {
    expect(
      await imported(listItem(4, 'one'), listItem(4, 'sub', 1), paragraph('An aside.'), listItem(4, 'two')),
    ).toBe('(i) one\n\n(A) sub\n\nAn aside.\n\n(ii) two');
  });

  it('restarts a list whose instance says so, and numbers paragraphs of a list style', async () => {
    expect(
      await imported(
        listItem(3, 'a'),
        listItem(3, 'b'),
        paragraph('Then:'),
        listItem(5, 'again'),
        paragraph('How:'),
        stepItem('Open it.'),
        stepItem('Close it.'),
      ),
    ).toBe('1. a\n2. b\n\nThen:\n\n1. again\n\nHow:\n\nStep 1: Open it.\n\nStep 2: Close it.');
  });

  it('leaves bullets as bullets and empty list paragraphs out of the count', async () => {
    expect(await imported(bullet('one'), numbered(''), numbered('first'), numbered('second'))).toBe(
      '- one\n\n1. first\n2. second',
    );
  });

  it("says which numbered items it numbered 1., 2. when it cannot match Word's numbers to the lists", async () => {
    // A heading numbered by Word is a list paragraph to Word and a heading to the import, so the
    // document's list paragraphs and the imported list items no longer pair up one for one.
    const numberedHeading = `<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>Scope</w:t></w:r></w:p>`;
    const { markdown, warnings } = await docxToMarkdown(
      await buildDocx([numberedHeading, numbered('Staff laptops', 1), numbered('Pupil tablets', 1)]),
    );
    expect(markdown).toBe('# Scope\n\n1. Staff laptops\n2. Pupil tablets');
    expect(warnings).toEqual([
      expect.stringMatching(
        /numbers Word shows .* could not be read.*2 numbered list items.*"Staff laptops", "Pupil tablets"/,
      ),
    ]);
  });

  it('gives no such warning when every list number is read', async () => {
    const { warnings } = await docxToMarkdown(await buildDocx([numbered('First'), numbered('this', 1)]));
    expect(warnings).toEqual([]);
  });
});
