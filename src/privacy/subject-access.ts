import { setImmediate } from 'node:timers/promises';
import { Types } from 'mongoose';
import { appendAuditEvent } from '../audit';
import { type Actor, findPersonById, holdsTrustWide, type Person } from '../directory';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import { personalDataRegistry, type CollectionEntry } from './registry';
import { prepareNaming } from './store';
import { readRecordsAbout, subjectClauses, withholdSealed, type CollectionHeading } from './subject-reading';

export { subjectClauses } from './subject-reading';

/** Content Conduct holds but does not put in the export, and who decides about it. */
export interface Withheld {
  readonly collection: string;
  readonly recordId: string;
  readonly path: string;
  readonly reason: string;
}

export interface SubjectAccessExport {
  readonly person: { readonly id: string; readonly displayName: string; readonly email: string | null };
  readonly generatedAt: Date;
  /** Per collection that holds anything about them: why it is kept and the records, as stored. */
  readonly collections: readonly {
    readonly collection: string;
    readonly purpose: string;
    readonly fields: readonly { readonly path: string; readonly what: string }[];
    readonly records: readonly Record<string, unknown>[];
  }[];
  readonly withheld: readonly Withheld[];
}

/** Who may answer a subject-access request: a trust admin, a trust-wide DPO, or the DPO of one of the person's schools. */
function assertMayExport(actor: Actor, person: Pick<Person, 'memberships'>): void {
  if (holdsTrustWide(actor, 'trust_admin') || holdsTrustWide(actor, 'dpo')) return;
  if ((person.memberships ?? []).some((m) => actor.holds('dpo', m.schoolId.toString()))) return;
  throw new AppError(
    'forbidden',
    "Only a trust admin or the data protection officer for the person's school can export their data.",
  );
}

/** One collection's part of an export: why it is kept, its personal fields, and the records about the person. */
export type CollectedRecords = SubjectAccessExport['collections'][number];

/** An export under way: the person, found, and one the actor may export. */
export interface SubjectAccessReading {
  readonly person: SubjectAccessExport['person'];
  readonly generatedAt: Date;
  /** Starts reading their records (see `readRecordsAbout`). */
  readonly read: () => ReturnType<typeof readRecordsAbout>;
}

/**
 * Finds the person and checks that the actor may export them; their records are read when
 * `gathered` asks, so that a caller can draw each collection while the next is read.
 */
export async function openSubjectAccess(
  models: Models,
  actor: Actor,
  personId: string,
  now: Date,
): Promise<SubjectAccessReading> {
  if (!Types.ObjectId.isValid(personId)) throw new AppError('not_found', 'There is no such person.');
  // By _id alone (the one lookup the embedded database serves from an index), then the tenant.
  const person = await findPersonById(models, new Types.ObjectId(personId));
  if (!person || person.tenantId !== actor.tenantId)
    throw new AppError('not_found', 'There is no such person.');
  assertMayExport(actor, person);
  return {
    person: { id: person._id.toString(), displayName: person.displayName, email: person.email ?? null },
    generatedAt: now,
    read: () => readRecordsAbout(models, actor.tenantId, person),
  };
}

/**
 * Everything Conduct holds about one person, across every collection the privacy registry lists:
 * each record that names them in one of its subject paths. Sealed safeguarding content is never
 * opened: it is listed as withheld for the DSL's review.
 */
export async function collectSubjectAccess(
  models: Models,
  actor: Actor,
  personId: string,
  now: Date,
): Promise<SubjectAccessExport> {
  return gathered(await openSubjectAccess(models, actor, personId, now));
}

/** Told of one collection's records as they are read, then of how many there were. */
interface CollectionSink {
  record(record: Record<string, unknown>): void;
  end(count: number): void;
}

/** Records handled between two looks at the database's answers (see `gathered`). */
const recordsBetweenLooks = 10;

/**
 * The whole export, once every collection is read. `begin` is told of each collection that may
 * hold records about the person, with how many the lookup found, before they are read; its sink
 * then gets each record as it comes (sealed values withheld) and the count. Every few records the
 * event loop runs, so that the database's answers are taken in and the next reads sent (the
 * driver keeps at most 20 in flight) while a sink draws.
 */
async function gathered(
  reading: SubjectAccessReading,
  begin: (heading: CollectionHeading, expected: number) => CollectionSink | undefined = () => undefined,
): Promise<SubjectAccessExport> {
  const collections: CollectedRecords[] = [];
  const withheld: Withheld[] = [];
  const { collections: reads, stop } = reading.read();
  try {
    for (const { heading, candidates } of reads) {
      const each = await candidates;
      if (each.length === 0) continue;
      const sink = begin(heading, each.length);
      const records: Record<string, unknown>[] = [];
      for (const [i, candidate] of each.entries()) {
        const record = await candidate;
        if (i % recordsBetweenLooks === recordsBetweenLooks - 1) await setImmediate();
        if (record === undefined) continue;
        const shown = withholdSealed(record, heading.collection, withheld);
        records.push(shown);
        sink?.record(shown);
      }
      sink?.end(records.length);
      if (records.length > 0) collections.push({ ...heading, records });
    }
  } finally {
    stop();
  }
  return { person: reading.person, generatedAt: reading.generatedAt, collections, withheld };
}

/**
 * The export's data and its PDF, each record drawn as soon as it is read, while the database
 * answers the next reads (it is another process), rather than once everything is read. A section
 * is headed with the number of records the lookup found; should fewer of them name the person
 * (one names them only as text, say), the PDF is drawn again from the data once it is all read.
 */
export async function readAndDraw(
  reading: SubjectAccessReading,
  timeZone: string,
): Promise<{ data: SubjectAccessExport; pdf: Buffer }> {
  // pdfkit is loaded by the first export, not at start (few requests need it).
  const { renderSubjectAccessPdf, startSubjectAccessPdf } = await import('./subject-access-pdf');
  const drawing = startSubjectAccessPdf(reading, timeZone);
  let asDrawn = true;
  const data = await gathered(reading, (heading, expected) => {
    const section = drawing.section(heading, expected);
    return {
      record: (record) => section.record(record),
      end: (count) => {
        section.end();
        asDrawn &&= count === expected;
      },
    };
  });
  const doc = asDrawn ? drawing.finish(data.withheld) : renderSubjectAccessPdf(data, timeZone);
  return { data, pdf: await pdfBuffer(doc) };
}

/**
 * Has the embedded database make, now, the index of every field the export looks up, one at a
 * time (each holds devdb's gate while it is made over the collection): otherwise the first export
 * after devdb starts on a big trust makes them and waits seconds for each. Nothing on MongoDB.
 */
export async function prepareSubjectLookups(models: Models): Promise<void> {
  const anyone = new Types.ObjectId();
  for (const [name, entry] of Object.entries(personalDataRegistry) as [keyof Models, CollectionEntry][]) {
    if (entry.subjectPaths.length === 0 || name === 'Person' || name === 'ComplianceStanding') continue;
    if (!(await prepareNaming(models, name, subjectClauses(name, entry, anyone)))) return;
  }
}

/**
 * The export as a ZIP: a readable PDF and the same data as JSON, put on the audit trail (who asked,
 * about whom, how many records, how many withheld).
 */
export async function subjectAccessZip(
  deps: { models: Models; now: () => Date; timeZone: string },
  actor: Actor,
  personId: string,
): Promise<{ filename: string; buffer: Buffer }> {
  const reading = await openSubjectAccess(deps.models, actor, personId, deps.now());
  const { data, pdf } = await readAndDraw(reading, deps.timeZone);
  const buffer = await subjectAccessArchive(data, pdf);
  await appendAuditEvent(deps.models, {
    tenantId: actor.tenantId,
    actorId: actor.personId,
    action: 'person.subject_access_exported',
    subject: { kind: 'person', id: data.person.id },
    details: {
      records: data.collections.reduce((sum, c) => sum + c.records.length, 0),
      withheld: data.withheld.length,
    },
    at: data.generatedAt,
  });
  return { filename: `subject-access-${data.person.id}.zip`, buffer };
}

/** The ZIP of an export: its data as JSON (deflated) and its PDF. */
export async function subjectAccessArchive(data: SubjectAccessExport, pdf: Buffer): Promise<Buffer> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  zip.file('subject-access.json', JSON.stringify(data, null, 2));
  // Stored as it is: pdfkit has already compressed its content, so deflating it again costs time
  // (half of the ZIP's) for almost nothing.
  zip.file('subject-access.pdf', pdf, { compression: 'STORE' });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The bytes a PDFKit document writes, once it has ended. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
