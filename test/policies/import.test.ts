import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { AppError } from '../../src/errors';
import { importBody, maxImportBytes, type ImportFile } from '../../src/policies/import';
import {
  boldParagraph,
  buildDocx,
  bullet,
  leadIn,
  numbered,
  paragraph,
  picture,
  styled,
  table,
} from './docx';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const failure = (file: ImportFile) => importBody(file).catch((error: unknown) => error);

describe('importing a Word document', () => {
  it('keeps the title, headings a level below it, paragraphs and bulleted commitments as Markdown', async () => {
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
        '## Passwords',
        [
          '- I will keep my password to myself.',
          '- I will change it at once if I think someone knows it.',
          '  - That includes my email password.',
        ].join('\n'),
        '### Email',
        '**Tone** – keep every message professional.',
      ].join('\n\n'),
    );
    expect(imported).toMatchObject({ headings: 3, paragraphs: 2, bullets: 3, warnings: [] });
  });

  it('takes a short wholly bold paragraph as a heading and a typed "•" as a bullet, leaves out pictures and the paper signature table, and says so', async () => {
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
      ].join('\n\n'),
    );
    expect(imported).toMatchObject({ headings: 1, bullets: 1, paragraphs: 2, fields: {} });
    expect(imported.warnings).toEqual([
      '1 picture was left out: a policy version holds text only.',
      'The paper signature block (Signed, Date) was left out of the text: each person signs from their card in Teams, and Conduct records who signed and when.',
    ]);
  });

  it('keeps a numbered list numbered and a table as a Markdown table, warning only about what a Markdown table cannot hold', async () => {
    const bytes = await buildDocx([
      styled('Heading1', '1. Reporting a lost device'),
      numbered('Tell the IT technician the same day.'),
      numbered('Change your password.'),
      numbered('Say which files were on it.', 1),
      numbered('Fill in the loss form.'),
      table([
        ['Device', 'Who | to tell'],
        ['Laptop', ['Ms K Doherty', 'IT room']],
        ['<2>Phones: the school office'],
      ]),
    ]);
    const imported = await importBody({ bytes, contentType: docxType });
    expect(imported.markdown).toBe(
      [
        '# 1. Reporting a lost device',
        [
          '1. Tell the IT technician the same day.',
          '2. Change your password.',
          '',
          '   a) Say which files were on it.',
          '3. Fill in the loss form.',
        ].join('\n'),
        [
          '| Device | Who \\| to tell |',
          '| --- | --- |',
          '| Laptop | Ms K Doherty; IT room |',
          '| Phones: the school office |  |',
        ].join('\n'),
      ].join('\n\n'),
    );
    expect(imported).toMatchObject({ headings: 1, bullets: 3 });
    expect(imported.warnings).toEqual([
      '1 table cell holds several paragraphs or a list, joined into one line with "; " (a Markdown table cell holds one line): check it reads well.',
      '1 merged table cell was split (Markdown tables cannot merge cells): the text is in the first of the cells it covered.',
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

  it('turns bullet lines into a list, numbered lines into a numbered list, and each line into a paragraph unless it carries on in lower case', async () => {
    const imported = await text(
      [
        'STAFF CODE OF CONDUCT',
        '',
        'Everyone who uses the school network agrees to the points below.',
        'This line is a paragraph of its own, as its writer ended the line there,',
        'and this one carries on the paragraph above.',
        '',
        'Passwords and Accounts',
        '',
        '• I will keep my password private.',
        '·I will lock my screen when I leave it.',
        '- I will not share my account.',
        '* I will log out at the end of the day.',
        '',
        '1. I will report a lost device.',
        '  And I will do so the same day.',
        '2. I will not lend my laptop.',
        '',
        'Note: personal accounts stay private.',
      ].join('\r\n'),
    );
    expect(imported.markdown).toBe(
      [
        '# STAFF CODE OF CONDUCT',
        'Everyone who uses the school network agrees to the points below.',
        'This line is a paragraph of its own, as its writer ended the line there, and this one carries on the paragraph above.',
        '## Passwords and Accounts',
        [
          '- I will keep my password private.',
          '- I will lock my screen when I leave it.',
          '- I will not share my account.',
          '- I will log out at the end of the day.',
        ].join('\n'),
        [
          '1. I will report a lost device. And I will do so the same day.',
          '2. I will not lend my laptop.',
        ].join('\n'),
        'Note: personal accounts stay private.',
      ].join('\n\n'),
    );
    expect(imported).toMatchObject({ headings: 2, paragraphs: 3, bullets: 6, warnings: [], fields: {} });
  });

  it('warns when columns that look like a table do not line up, and keeps them as text', async () => {
    const imported = await text(
      ['Contacts', '', 'Role  Name', 'Technician  Ms K Doherty', '', 'Ask the office if unsure.'].join('\n'),
    );
    expect(imported.markdown).toBe(
      ['# Contacts', 'Role Name', 'Technician Ms K Doherty', 'Ask the office if unsure.'].join('\n\n'),
    );
    expect(imported.warnings).toEqual([
      'Lines 3–4 look like a table, but their columns do not line up, so they were kept as text: check them.',
    ]);
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

  it('reads UTF-16 with or without a byte-order mark, and refuses binary content', async () => {
    const words = 'Fees are £5 – “due” by Friday…\n\n• I agree.';
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(words, 'utf16le')]),
      Buffer.from(words, 'utf16le'),
      iconv.encode(words, 'utf16be', { addBOM: true }),
      iconv.encode(words, 'utf16be'),
    ]) {
      expect((await importBody({ bytes, contentType: 'text/plain' })).markdown).toBe(
        'Fees are £5 – “due” by Friday…\n\n- I agree.',
      );
    }
    const binary = Buffer.from([0x00, 0x01, 0x02, 0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]);
    await expect(importBody({ bytes: binary, contentType: 'text/plain' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('no readable text'),
    });
  });

  /**
   * Node's TextDecoder('windows-1252') reads 0x80–0x9F as Latin-1's invisible control characters.
   * Windows-1252 defines 27 of the 32; the five it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
   * show as "�" with a warning, so the person importing can find and correct them.
   */
  it('reads every byte 0x80–0x9F of a Windows-1252 file as Windows shows it', async () => {
    const windows = '€�‚ƒ„…†‡ˆ‰Š‹Œ�Ž��‘’“”•–—˜™š›œ�žŸ';
    const bytes = Buffer.concat(
      Array.from({ length: 32 }, (_, offset) =>
        Buffer.concat([
          Buffer.from(`Clause ${offset + 1}: `, 'latin1'),
          Buffer.from([0x80 + offset]),
          Buffer.from(' here.\n'),
        ]),
      ),
    );
    const imported = await importBody({ bytes, contentType: 'text/plain', filename: 'clauses.txt' });
    const shown = imported.markdown.split('\n\n').map((line) => /^Clause \d+: (.) here\.$/u.exec(line)?.[1]);
    expect(shown.join('')).toBe(windows);
    expect(imported.warnings).toContain(
      '5 characters of the file could not be read as Windows-1252 text and show as "�": find and correct them in the text.',
    );
    const pounds = await importBody({
      bytes: Buffer.from('Fees are \u00a35.', 'latin1'),
      contentType: 'text/plain',
    });
    expect(pounds).toMatchObject({ markdown: 'Fees are £5.', warnings: [] });
  });

  it("reads a colleague's file in another single-byte character set when the text says so clearly", async () => {
    const polish =
      'Zasady korzystania z komputerów szkolnych. Każdy użytkownik dba o hasło, nie udostępnia go i zgłasza każdą próbę włamania.';
    const imported = await importBody({
      bytes: iconv.encode(polish, 'windows-1250'),
      contentType: 'text/plain',
    });
    expect(imported.markdown).toBe(polish);
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
      fields: {},
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
