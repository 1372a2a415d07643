import { Types } from 'mongoose';
import { personalDataRegistry } from '../../src/privacy/registry';
import { pdfBuffer, type SubjectAccessExport } from '../../src/privacy/subject-access';
import { renderSubjectAccessPdf } from '../../src/privacy/subject-access-pdf';
import { formatDateTime } from '../../src/shared/time';
import { pdfText } from '../incidents/pdf-text';

const london = 'Europe/London';
const personId = new Types.ObjectId();
const colleagueId = new Types.ObjectId();

function collection(model: 'Person' | 'Delivery' | 'AuditEvent', records: Record<string, unknown>[]) {
  const entry = personalDataRegistry[model];
  return {
    collection: entry.collection,
    purpose: entry.purpose,
    fields: entry.personal.map(({ path, what }) => ({ path, what })),
    records,
  };
}

/** A person with one directory entry, 12 cards and 150 audit events (pages of them), each told apart. */
/** Day i of 2025 at 09:00 UTC (10:00 in London from the end of March), as the PDF shows it. */
const day = (i: number) => new Date(Date.UTC(2025, 0, 1, 9, 0) + i * 86_400_000);
const shown = (at: Date) => formatDateTime(at, london);

function anExport(): SubjectAccessExport {
  return {
    person: { id: personId.toString(), displayName: 'Zoë Łukasz-Teacher', email: 'zoe@example.org' },
    generatedAt: new Date('2026-11-27T10:00:00Z'),
    collections: [
      collection('Person', [
        { _id: personId, displayName: 'Zoë Łukasz-Teacher', email: 'zoe@example.org', jobTitle: 'Teacher' },
      ]),
      collection(
        'Delivery',
        Array.from({ length: 12 }, (_, i) => ({
          _id: new Types.ObjectId(),
          personId,
          status: i === 3 ? 'failed' : 'signed',
          sentAt: day(i),
          ...(i === 3 ? { lastError: 'Teams said the chat was gone' } : { signedAt: day(i + 1) }),
        })),
      ),
      collection(
        'AuditEvent',
        Array.from({ length: 150 }, (_, i) => ({
          _id: `tenant:${i}`,
          ...(i % 3 === 0 ? {} : { actorId: i % 3 === 1 ? personId : colleagueId }),
          action: i % 3 === 0 ? 'person.subject_access_exported' : 'acknowledgement.signed',
          subject:
            i % 3 === 0 ? { kind: 'person', id: personId.toString() } : { kind: 'version', id: `pv-${i}` },
          at: day(i),
        })),
      ),
    ],
    withheld: [],
  };
}

describe('the subject-access PDF', () => {
  let text: string;
  let pages: number;
  beforeAll(async () => {
    const pdf = await pdfBuffer(renderSubjectAccessPdf(anExport(), london));
    text = pdfText(pdf);
    pages = pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
  });

  it('names the person as written and lists a few records field by field', () => {
    expect(text).toContain('Personal data held about Zoë Łukasz-Teacher');
    expect(text).toContain('people (1)');
    expect(text).toContain('their name as the directory shows it: Zoë Łukasz-Teacher');
    expect(text).toContain('their email address: zoe@example.org');
  });

  it('has one line for every record of a long list, its values in the order of the key, over several pages', () => {
    const lines = text.split('\n');
    expect(text).toContain('deliveries (12)');
    expect(text).toContain(
      'Each line: who the card went to · whether it was sent, failed or was signed · when it was sent',
    );
    const cards = Array.from({ length: 12 }, (_, i) =>
      i === 3
        ? `this person · failed · ${shown(day(i))} · - · - · - · Teams said the chat was gone`
        : `this person · signed · ${shown(day(i))} · - · - · ${shown(day(i + 1))} · -`,
    );
    expect(text).toContain('audit_events (150)');
    expect(text).toContain('Each line: who did it · what (or whom) it was done to · what was done · when');
    const events = Array.from({ length: 150 }, (_, i) =>
      i % 3 === 0
        ? `- · this person · person.subject_access_exported · ${shown(day(i))}`
        : `${i % 3 === 1 ? 'this person' : colleagueId.toString()} · pv-${i} · acknowledgement.signed · ${shown(day(i))}`,
    );
    // Each record's line once: a record left out (or printed twice) fails here.
    const missing = [...cards, ...events].filter((line) => lines.filter((l) => l === line).length !== 1);
    expect(missing).toEqual([]);
    expect(pages).toBeGreaterThanOrEqual(3);
  });
});
