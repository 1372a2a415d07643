import { Types } from 'mongoose';
import { appendAuditEvent } from '../audit';
import { type Actor, findPersonById, holdsTrustWide, type Person } from '../directory';
import { AppError } from '../errors';
import { isSealedText } from '../incidents';
import type { Models } from '../store/models';
import { personalDataRegistry, type CollectionEntry } from './registry';
import { prepareNaming, recordsNaming, standingsOf, type SubjectClause } from './store';

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

const withheldReason =
  'safeguarding content, sealed: withheld from this export for the designated safeguarding lead to review';

/** Who may answer a subject-access request: a trust admin, a trust-wide DPO, or the DPO of one of the person's schools. */
function assertMayExport(actor: Actor, person: Pick<Person, 'memberships'>): void {
  if (holdsTrustWide(actor, 'trust_admin') || holdsTrustWide(actor, 'dpo')) return;
  if ((person.memberships ?? []).some((m) => actor.holds('dpo', m.schoolId.toString()))) return;
  throw new AppError(
    'forbidden',
    "Only a trust admin or the data protection officer for the person's school can export their data.",
  );
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
  if (!Types.ObjectId.isValid(personId)) throw new AppError('not_found', 'There is no such person.');
  // By _id alone (the one lookup the embedded database serves from an index), then the tenant.
  const person = await findPersonById(models, new Types.ObjectId(personId));
  if (!person || person.tenantId !== actor.tenantId)
    throw new AppError('not_found', 'There is no such person.');
  assertMayExport(actor, person);
  const id = person._id;
  const withheld: Withheld[] = [];
  const collections: SubjectAccessExport['collections'][number][] = [];
  for (const [name, entry] of Object.entries(personalDataRegistry) as [keyof Models, CollectionEntry][]) {
    if (entry.subjectPaths.length === 0) continue;
    const found =
      name === 'Person'
        ? [person as unknown as Record<string, unknown>]
        : name === 'ComplianceStanding'
          ? await standingsOf(models, actor.tenantId, id)
          : await recordsNaming(models, name, actor.tenantId, subjectClauses(name, entry, id));
    if (found.length === 0) continue;
    collections.push({
      collection: entry.collection,
      purpose: entry.purpose,
      fields: entry.personal.map(({ path, what }) => ({ path, what })),
      records: found.map((record) => withholdSealed(record, entry.collection, withheld)),
    });
  }
  return {
    person: { id: id.toString(), displayName: person.displayName, email: person.email ?? null },
    generatedAt: now,
    collections,
    withheld,
  };
}

/** The clauses saying a record of the collection names the person, one per subject path (each led by their id). */
export function subjectClauses(
  name: keyof Models,
  entry: CollectionEntry,
  id: Types.ObjectId,
): SubjectClause[] {
  return entry.subjectPaths.map((path) =>
    // The audit trail names a person as its subject by kind and id, as text (its index leads so).
    name === 'AuditEvent' && path === 'subject.id'
      ? { 'subject.id': id.toString(), 'subject.kind': 'person' }
      : { [path]: id },
  );
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

/** A copy of the record with every sealed value replaced by a note saying it was withheld. */
function withholdSealed(
  record: Record<string, unknown>,
  collection: string,
  withheld: Withheld[],
): Record<string, unknown> {
  const recordId = String(record._id);
  const walk = (value: unknown, path: string): unknown => {
    if (isSealedText(value)) {
      withheld.push({ collection, recordId, path, reason: withheldReason });
      return { withheld: withheldReason };
    }
    if (value instanceof Types.ObjectId || value instanceof Date) return value;
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}.${i}`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, child]) => [
          key,
          walk(child, path ? `${path}.${key}` : key),
        ]),
      );
    }
    return value;
  };
  return walk(record, '') as Record<string, unknown>;
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
  const data = await collectSubjectAccess(deps.models, actor, personId, deps.now());
  // pdfkit and jszip are loaded by the first export, not at start (few requests need them).
  const { renderSubjectAccessPdf } = await import('./subject-access-pdf');
  const pdf = await pdfBuffer(renderSubjectAccessPdf(data, deps.timeZone));
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
