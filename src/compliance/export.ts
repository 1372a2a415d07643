import type { Actor, Person } from '../directory';
import { versionsById } from '../policies';
import type { Models } from '../store/models';
import { complianceReaders, schoolScope } from './access';
import { formatDate, formatDateTime } from '../shared/time';
import { audienceKeys, standings, type PersonFields } from './standing';
import { findEligible, loadCurrentVersions, loadDueDates, loadSchools, loadSignatures } from './store';

/** One line of the compliance export: one person and the current version of one policy. */
export interface ComplianceRow {
  policy: string;
  version: string;
  name: string;
  email: string;
  jobTitle: string;
  department: string;
  schools: string;
  audiences: string;
  status: 'Signed' | 'Outstanding' | 'Overdue';
  signedOn: string;
  signedAs: string;
  signedJobTitle: string;
  versionSigned: string;
  dueBy: string;
}

/** The columns saying who a person is, in both exports of people: this one and who is outstanding. */
export const personColumns: {
  key: 'name' | 'email' | 'jobTitle' | 'department' | 'schools' | 'audiences';
  header: string;
}[] = [
  { key: 'name', header: 'Name' },
  { key: 'email', header: 'Email' },
  { key: 'jobTitle', header: 'Job title' },
  { key: 'department', header: 'Department' },
  { key: 'schools', header: 'Schools' },
  { key: 'audiences', header: 'As' },
];

export const complianceColumns: { key: keyof ComplianceRow; header: string }[] = [
  { key: 'policy', header: 'Policy' },
  { key: 'version', header: 'Current version' },
  ...personColumns,
  { key: 'status', header: 'Status' },
  { key: 'signedOn', header: 'Signed on' },
  { key: 'signedAs', header: 'Signed as' },
  { key: 'signedJobTitle', header: 'Job title given' },
  { key: 'versionSigned', header: 'Version signed' },
  { key: 'dueBy', header: 'Due by' },
];

type Deps = Pick<
  Models,
  'School' | 'Person' | 'Policy' | 'PolicyVersion' | 'Acknowledgement' | 'Campaign' | 'Delivery'
>;
type ExportPerson = PersonFields & Pick<Person, 'displayName' | 'email' | 'jobTitle'>;

/** Everyone's standing with the current version of every policy, for the schools the actor may see. */
export async function complianceRows(
  models: Deps,
  actor: Actor,
  query: { school?: string | undefined },
  clock: { now: Date; timeZone: string },
): Promise<ComplianceRow[]> {
  const scope = schoolScope(actor, complianceReaders, query.school);
  const schools = await loadSchools(models, actor.tenantId);
  const tracked = await loadCurrentVersions(models, actor.tenantId);
  const keysOf = tracked.map((t) => audienceKeys(t.policy, schools, scope));
  const people = await findEligible<ExportPerson>(models, actor.tenantId, [...new Set(keysOf.flat())], {
    fields: { displayName: 1, email: 1, jobTitle: 1 },
    sort: { displayName: 1, _id: 1 },
  });
  const personOf = new Map(people.map((p) => [p._id.toString(), p]));
  const allVersions = tracked.flatMap((t) => t.acceptedIds);
  const [signatures, { dues }, labels] = await Promise.all([
    loadSignatures(models, allVersions, { names: true }),
    loadDueDates(
      models,
      tracked.map((t) => t.acceptedIds[0]!),
    ),
    versionsById(models, allVersions, { label: 1 }),
  ]);
  const labelOf = new Map([...labels].map(([id, version]) => [id, version.label]));
  const { timeZone } = clock;
  return tracked.flatMap((t, i) =>
    standings(t, people, keysOf[i]!, signatures, dues, clock).map((row): ComplianceRow => {
      const person = personOf.get(row.personId)!;
      const signature = row.signature;
      return {
        policy: t.policy.title,
        version: t.version.label,
        name: person.displayName,
        email: person.email ?? '',
        jobTitle: person.jobTitle ?? '',
        department: row.department ?? '',
        schools: row.schoolIds.map((id) => schools.get(id)?.name ?? id).join('; '),
        audiences: row.audiences.join('; '),
        status: signature ? 'Signed' : row.overdue ? 'Overdue' : 'Outstanding',
        signedOn: signature ? formatDateTime(signature.signedAt, timeZone) : '',
        signedAs: signature?.signedName ?? '',
        signedJobTitle: signature?.jobTitle ?? '',
        versionSigned: signature ? (labelOf.get(signature.versionId) ?? '') : '',
        dueBy: formatDate(row.dueAt, timeZone),
      };
    }),
  );
}
