import JSZip from 'jszip';
import type { ImportedBody } from '../../src/policies/import';
import { usePolicyApi } from './api';
import { buildDocx, bullet, paragraph, styled } from './docx';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('POST /api/policy-imports', () => {
  const api = usePolicyApi();
  let it_: string;
  let staff: string;

  const upload = (bytes: Uint8Array, contentType?: string, query = '', as = it_) =>
    api().call<ImportedBody>(as, 'POST', `/api/policy-imports${query}`, {
      file: { bytes, ...(contentType ? { contentType } : {}) },
    });
  const stored = async () =>
    (await api().models.Policy.countDocuments()) + (await api().models.PolicyVersion.countDocuments());

  beforeAll(async () => {
    it_ = (await api().addPerson({ name: 'Ivy Tech', roles: [{ role: 'it_manager', scope: 'trust' }] })).oid;
    staff = (await api().addPerson({ name: 'Sam Staff' })).oid;
  });

  it('converts a Word document, a Markdown file and a text file, storing nothing', async () => {
    const docx = await buildDocx([
      styled('Heading1', 'Mobile phones'),
      paragraph('Staff keep personal phones away during lessons.'),
      bullet('I will not photograph pupils on my own phone.'),
      bullet('I will use the school camera for trips.'),
    ]);
    const word = await upload(docx, docxType);
    expect(word.status).toBe(200);
    expect(word.body).toEqual({
      markdown:
        '# Mobile phones\n\nStaff keep personal phones away during lessons.\n\n- I will not photograph pupils on my own phone.\n- I will use the school camera for trips.',
      headings: 1,
      paragraphs: 1,
      bullets: 2,
      warnings: [],
      fields: {},
    });

    const markdown = await upload(
      Buffer.from('## Printing\n\nPrint only what you need.\n'),
      'application/octet-stream',
      '?filename=printing.md',
    );
    expect(markdown.status).toBe(200);
    expect(markdown.body).toMatchObject({
      markdown: '## Printing\n\nPrint only what you need.',
      headings: 1,
      paragraphs: 1,
    });

    const text = await upload(
      Buffer.from('Printing\n\n• Print double-sided.\n• Collect your printing.'),
      'text/plain; charset=utf-8',
    );
    expect(text.status).toBe(200);
    expect(text.body).toMatchObject({
      markdown: '# Printing\n\n- Print double-sided.\n- Collect your printing.',
      bullets: 2,
    });
    expect(await stored()).toBe(0);
  });

  it('answers bad files with a clear 4xx and stores nothing', async () => {
    const zip = new JSZip();
    zip.file('word/readme.txt', 'not a document');
    const cases = [
      { bytes: Buffer.alloc(0), type: 'text/plain', status: 400, says: 'The file is empty' },
      {
        bytes: Buffer.from('%PDF-1.7'),
        type: 'application/pdf',
        status: 415,
        says: 'a Word document (.docx)',
      },
      {
        bytes: Buffer.alloc(6 * 1024 * 1024, 0x61),
        type: 'text/plain',
        status: 413,
        says: 'larger than 5 MB',
      },
      {
        bytes: Buffer.from('PK\u0003\u0004 broken'),
        type: docxType,
        status: 400,
        says: 'could not be read as a Word document',
      },
      {
        bytes: await zip.generateAsync({ type: 'nodebuffer' }),
        type: docxType,
        status: 400,
        says: 'could not be read as a Word document',
      },
      { bytes: Buffer.from([0, 1, 2, 3, 4]), type: 'text/plain', status: 400, says: 'no readable text' },
    ];
    for (const { bytes, type, status, says } of cases) {
      const answer = await upload(bytes, type);
      expect({ status: answer.status, message: answer.body.error?.message }).toEqual({
        status,
        message: expect.stringContaining(says),
      });
    }
    expect((await upload(Buffer.from('text'), undefined, '?colour=red')).status).toBe(400);
    expect(await stored()).toBe(0);
  });

  it('is for policy managers only, and leaves the 1 MB JSON limit on other routes', async () => {
    expect((await upload(Buffer.from('Some text'), 'text/plain', '', staff)).status).toBe(403);
    const big = await api().call(it_, 'POST', '/api/policies', {
      json: { title: 'x'.repeat(2 * 1024 * 1024), audiences: ['staff'], scope: 'trust' },
    });
    expect(big.status).toBe(413);
    expect(await stored()).toBe(0);
  });
});
