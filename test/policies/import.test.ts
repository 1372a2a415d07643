import JSZip from 'jszip';
import { AppError } from '../../src/errors';
import { importBody, maxImportBytes, type ImportFile } from '../../src/policies/import';
import { boldParagraph, buildDocx, bullet, leadIn, paragraph, picture, styled, table } from './docx';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const failure = (file: ImportFile) => importBody(file).catch((error: unknown) => error);

describe('importing a Word document', () => {
  it('keeps headings, paragraphs and bulleted commitments as Markdown', async () => {
    const bytes = await buildDocx([
      styled('Title', 'Staff use of school computers'),
      paragraph('This policy explains how staff use the school network and email.'),
      styled('Heading1', 'Passwords'),
      bullet('I will keep my password to myself.'),
      bullet('I will change it at once if I think someone knows it.'),
      bullet('That includes my email password.', 1),
      styled('Heading2', 'Email'),
      leadIn('Tone', ' – keep every message professional.'),
    ]);
    const imported = await importBody({ bytes, contentType: docxType });
    expect(imported.markdown).toBe(
      [
        '# Staff use of school computers',
        'This policy explains how staff use the school network and email.',
        '# Passwords',
        [
          '- I will keep my password to myself.',
          '- I will change it at once if I think someone knows it.',
          '  - That includes my email password.',
        ].join('\n'),
        '## Email',
        '**Tone** – keep every message professional.',
      ].join('\n\n'),
    );
    expect(imported).toMatchObject({ headings: 3, paragraphs: 2, bullets: 3, warnings: [] });
  });

  it('takes a short wholly bold paragraph as a heading and a typed "•" as a bullet, and leaves out pictures and table layout with a warning', async () => {
    const bytes = await buildDocx([
      picture(),
      boldParagraph('Using the internet'),
      paragraph('Staff only visit sites that suit their work.'),
      boldParagraph('This bold sentence ends with a full stop.'),
      paragraph('• I will report anything unsuitable that I see.'),
      table([
        ['Signed', 'Date'],
        ['', ''],
      ]),
    ]);
    const imported = await importBody({ bytes, contentType: docxType });
    expect(imported.markdown).toBe(
      [
        '## Using the internet',
        'Staff only visit sites that suit their work.',
        '**This bold sentence ends with a full stop.**',
        '- I will report anything unsuitable that I see.',
        'Signed',
        'Date',
      ].join('\n\n'),
    );
    expect(imported).toMatchObject({ headings: 1, bullets: 1, paragraphs: 4 });
    expect(imported.warnings).toEqual([
      '1 picture was left out: a policy version holds text only.',
      '1 table was imported as separate paragraphs: check that the text still reads well.',
    ]);
  });

  it('refuses a file that is not a Word document, and one with no text in it', async () => {
    const notAZip = await failure({ bytes: Buffer.from('just some words'), contentType: docxType });
    expect(notAZip).toBeInstanceOf(AppError);
    expect(notAZip).toMatchObject({
      status: 400,
      message: expect.stringContaining('could not be read as a Word document'),
    });

    const zip = new JSZip();
    zip.file('notes.txt', 'a zip, but not a Word document');
    const wrongZip = await failure({
      bytes: await zip.generateAsync({ type: 'nodebuffer' }),
      contentType: docxType,
    });
    expect(wrongZip).toMatchObject({
      status: 400,
      message: expect.stringContaining('could not be read as a Word document'),
    });

    const blank = await failure({ bytes: await buildDocx([paragraph('   ')]), contentType: docxType });
    expect(blank).toMatchObject({ status: 400, message: expect.stringContaining('no readable text') });
  });
});

describe('importing plain text', () => {
  const text = (content: string, contentType = 'text/plain; charset=utf-8') =>
    importBody({ bytes: Buffer.from(content, 'utf8'), contentType });

  it('turns bullet lines into a list, blank lines into paragraphs and only unmistakable lines into headings', async () => {
    const imported = await text(
      [
        'STAFF CODE OF CONDUCT',
        '',
        'Everyone who uses the school network agrees to the points below.',
        'This line wraps on to a second line of the same paragraph.',
        '',
        'Passwords and Accounts',
        '',
        '• I will keep my password private.',
        '·I will lock my screen when I leave it.',
        '- I will not share my account.',
        '* I will log out at the end of the day.',
        '1. I will report a lost device.',
        '  and I will do so the same day.',
        '',
        'Social media - staff keep personal accounts private.',
        '',
        'Signed:\t\tDate:',
      ].join('\r\n'),
    );
    expect(imported.markdown).toBe(
      [
        '# STAFF CODE OF CONDUCT',
        'Everyone who uses the school network agrees to the points below. This line wraps on to a second line of the same paragraph.',
        '## Passwords and Accounts',
        [
          '- I will keep my password private.',
          '- I will lock my screen when I leave it.',
          '- I will not share my account.',
          '- I will log out at the end of the day.',
          '- I will report a lost device. and I will do so the same day.',
        ].join('\n'),
        'Social media - staff keep personal accounts private.',
        'Signed: Date:',
      ].join('\n\n'),
    );
    expect(imported).toMatchObject({ headings: 2, paragraphs: 3, bullets: 5, warnings: [] });
  });

  it('recognises an underlined heading and keeps characters Markdown would misread as text', async () => {
    const imported = await text(
      'Email\n=====\nStaff use only their school address.\n\n# is not a heading here, and 2026. is not a list\n\nUse *stars* and <b>tags</b> as written.\n',
    );
    expect(imported.markdown).toBe(
      [
        '# Email',
        'Staff use only their school address.',
        '\\# is not a heading here, and 2026. is not a list',
        'Use \\*stars\\* and \\<b\\>tags\\</b\\> as written.',
      ].join('\n\n'),
    );
    expect(imported.headings).toBe(1);
  });

  it('reads UTF-16 (Notepad "Unicode") and Windows-1252 files, and refuses binary content', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Fees are £5.\n\n• I agree.', 'utf16le'),
    ]);
    expect((await importBody({ bytes: utf16, contentType: 'text/plain' })).markdown).toBe(
      'Fees are £5.\n\n- I agree.',
    );
    const windows1252 = Buffer.from('Fees are \u00a35.', 'latin1');
    expect(windows1252.includes(0xa3)).toBe(true);
    expect((await importBody({ bytes: windows1252, contentType: 'text/plain' })).markdown).toBe(
      'Fees are £5.',
    );
    const binary = Buffer.from([0x00, 0x01, 0x02, 0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]);
    await expect(importBody({ bytes: binary, contentType: 'text/plain' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('no readable text'),
    });
  });
});

describe('importing Markdown and choosing the file type', () => {
  it('keeps a Markdown file as it is and counts its structure', async () => {
    const markdown =
      '# Remote learning\n\nStaff teach from school accounts.\n\n## On camera\n\n- I will use a plain background.\n- I will end the call for everyone.\n';
    const imported = await importBody({ bytes: Buffer.from(markdown), contentType: 'text/markdown' });
    expect(imported).toEqual({
      markdown: markdown.trimEnd(),
      headings: 2,
      paragraphs: 1,
      bullets: 2,
      warnings: [],
    });
  });

  it('uses the file name when the content type says nothing, and refuses other types with 415', async () => {
    const bytes = Buffer.from('A short policy line.');
    const octet = 'application/octet-stream';
    await expect(importBody({ bytes, contentType: octet, filename: 'policy.md' })).resolves.toMatchObject({
      paragraphs: 1,
    });
    await expect(importBody({ bytes, filename: 'Policy.TXT' })).resolves.toMatchObject({ paragraphs: 1 });
    await expect(
      importBody({ bytes, contentType: 'application/pdf', filename: 'policy.pdf' }),
    ).rejects.toMatchObject({
      status: 415,
      message: expect.stringContaining('.docx'),
    });
    await expect(importBody({ bytes, contentType: octet, filename: 'policy.doc' })).rejects.toMatchObject({
      status: 415,
      message: expect.stringContaining('Older Word files (.doc)'),
    });
    await expect(importBody({ bytes, contentType: octet })).rejects.toMatchObject({ status: 415 });
  });

  it('refuses an empty file and one over 5 MB', async () => {
    await expect(importBody({ bytes: Buffer.alloc(0), contentType: 'text/plain' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('empty'),
    });
    await expect(
      importBody({ bytes: Buffer.alloc(maxImportBytes + 1, 0x61), contentType: 'text/plain' }),
    ).rejects.toMatchObject({ status: 413 });
  });
});
