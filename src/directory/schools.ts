import { z } from 'zod';
import { AppError } from '../errors';
import { isDuplicateKey, refusingDuplicate } from '../store/duplicate-key';
import type { Models } from '../store/models';
import type { Actor } from './actor';
import { auditChange } from './audit';
import { assertTrustAdmin } from './actor';
import { entraIdText } from '../shared/input';
import { audiences, type School } from './model';
import { changeSchool, insertSchool, schoolsOf } from './store';

export interface SchoolView {
  id: string;
  name: string;
  code: string;
  /** The Entra groups whose members are the school's staff, governors and visitors. */
  groups: { staff: string | null; governor: string | null; visitor: string | null };
}

const groupsInput = z.strictObject({
  staff: entraIdText.nullable().optional(),
  governor: entraIdText.nullable().optional(),
  visitor: entraIdText.nullable().optional(),
});

export const newSchoolInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/, 'must be 1–20 letters, digits or "-"')
    .transform((code) => code.toUpperCase()),
  groups: groupsInput.optional(),
});
export type NewSchool = z.infer<typeof newSchoolInput>;

export const schoolChangesInput = newSchoolInput
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, 'name, code or groups is required');
export type SchoolChanges = z.infer<typeof schoolChangesInput>;

type Deps = Pick<Models, 'School' | 'AuditEvent' | 'AuditHead'>;

export async function listSchools(models: Pick<Models, 'School'>, tenantId: string): Promise<SchoolView[]> {
  return (await schoolsOf(models, tenantId)).map(toView);
}

export async function createSchool(models: Deps, actor: Actor, input: NewSchool): Promise<SchoolView> {
  assertTrustAdmin(actor);
  const groups = Object.fromEntries(
    audiences.flatMap((a) => (input.groups?.[a] ? [[a, input.groups[a]]] : [])),
  );
  const school = await refusingDuplicate(
    insertSchool(models, { tenantId: actor.tenantId, name: input.name, code: input.code, groups }),
    () => codeTaken(input.code),
  );
  await auditChange(models, actor, 'school.created', subjectOf(school), { code: school.code });
  return toView(school);
}

export async function updateSchool(
  models: Deps,
  actor: Actor,
  schoolId: string,
  changes: SchoolChanges,
): Promise<SchoolView> {
  assertTrustAdmin(actor);
  const set: Record<string, string> = {};
  const unset: Record<string, 1> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.code !== undefined) set.code = changes.code;
  for (const audience of audiences) {
    const group = changes.groups?.[audience];
    if (group) set[`groups.${audience}`] = group;
    else if (group === null) unset[`groups.${audience}`] = 1;
  }
  let school: School | undefined;
  try {
    school = await changeSchool(models, actor.tenantId, schoolId, set, unset);
  } catch (error) {
    throw isDuplicateKey(error) && changes.code ? codeTaken(changes.code) : error;
  }
  if (!school) throw new AppError('not_found', 'There is no such school.');
  await auditChange(models, actor, 'school.updated', subjectOf(school), {
    changed: Object.keys({ ...set, ...unset })
      .sort()
      .join(','),
  });
  return toView(school);
}

const subjectOf = (school: School) => ({ kind: 'school', id: school._id.toString() });

const codeTaken = (code: string): AppError =>
  new AppError('already_exists', `Another school already uses the code ${code}.`);

function toView(school: School): SchoolView {
  return {
    id: school._id.toString(),
    name: school.name,
    code: school.code,
    groups: {
      staff: school.groups?.staff ?? null,
      governor: school.groups?.governor ?? null,
      visitor: school.groups?.visitor ?? null,
    },
  };
}
