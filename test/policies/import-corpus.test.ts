import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { importBody, type ImportFile } from '../../src/policies/import';
import type { ImportedFields } from '../../src/policies/version-fields';
import { buildDocx } from './docx';
import { documents } from './import-corpus/documents';

/**
 * The import corpus: policies of our own writing, each shaped differently (numbered clauses,
 * bullets, tables, run-in headings without blank lines, a signature block with review dates,
 * hard-wrapped text, Markdown), imported in every format that makes sense for it. Each import must
 * equal the policy's golden Markdown (`<name>.expected.md`, for a reviewer to read) and report the
 * warnings and fields in `<name>.expected.json` (none, when there is no such file).
 */
const corpus = path.join(__dirname, 'import-corpus');
const names = readdirSync(corpus)
  .filter((file) => file.endsWith('.expected.md'))
  .map((file) => file.replace('.expected.md', ''));
const read = (file: string): Buffer => readFileSync(path.join(corpus, file));

interface Variant {
  format: string;
  file: () => Promise<ImportFile>;
}

function variantsOf(name: string): Variant[] {
  const variants: Variant[] = [];
  if (existsSync(path.join(corpus, `${name}.txt`))) {
    const text = read(`${name}.txt`).toString('utf8');
    const plain = (bytes: Buffer) => () =>
      Promise.resolve({ bytes, contentType: 'text/plain', filename: `${name}.txt` });
    variants.push(
      { format: '.txt in UTF-8', file: plain(Buffer.from(text, 'utf8')) },
      { format: '.txt in UTF-8 with a byte-order mark', file: plain(Buffer.from(`\ufeff${text}`, 'utf8')) },
      { format: '.txt in Windows-1252', file: plain(iconv.encode(text, 'windows-1252')) },
      {
        format: '.txt in UTF-16 (Notepad "Unicode")',
        file: plain(iconv.encode(text, 'utf16le', { addBOM: true })),
      },
      {
        format: '.txt in Windows-1252 with Windows line ends, uploaded with no type',
        file: () =>
          Promise.resolve({
            bytes: iconv.encode(text.replace(/\n/g, '\r\n'), 'windows-1252'),
            filename: `${name}.txt`,
          }),
      },
    );
  }
  if (existsSync(path.join(corpus, `${name}.md`))) {
    const bytes = read(`${name}.md`);
    variants.push(
      {
        format: '.md as text/markdown',
        file: () => Promise.resolve({ bytes, contentType: 'text/markdown', filename: `${name}.md` }),
      },
      {
        format: '.md sent as text/plain',
        file: () => Promise.resolve({ bytes, contentType: 'text/plain', filename: `${name}.md` }),
      },
      {
        format: 'Markdown sent as text/plain with no name',
        file: () => Promise.resolve({ bytes, contentType: 'text/plain' }),
      },
    );
  }
  const document = documents[name];
  if (document) {
    variants.push({
      format: '.docx',
      file: async () => ({
        bytes: await buildDocx(document),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        filename: `${name}.docx`,
      }),
    });
  }
  return variants;
}

const cases = names.flatMap((name) => variantsOf(name).map((variant) => ({ name, ...variant })));

describe('the import corpus', () => {
  it('has at least six policies, each in more than one format where more than one makes sense', () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
    expect(cases.filter((c) => c.format === '.docx').length).toBeGreaterThanOrEqual(4);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('imports $name ($format) as its golden Markdown', async ({ name, file }) => {
    const expected = existsSync(path.join(corpus, `${name}.expected.json`))
      ? (JSON.parse(read(`${name}.expected.json`).toString('utf8')) as {
          warnings: string[];
          fields: ImportedFields;
        })
      : { warnings: [], fields: {} };
    const imported = await importBody(await file());
    expect(imported.markdown).toBe(read(`${name}.expected.md`).toString('utf8').trimEnd());
    expect({ warnings: imported.warnings, fields: imported.fields }).toEqual(expected);
  });
});
