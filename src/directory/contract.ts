import { z } from 'zod';
import { contractsFor, dateTime, pageOf, wireId, type Wire } from '../http/contract';
import { idText } from '../shared/input';
import { audiences, roles } from './model';
import { directoryReaders, peopleQueryInput, reachFailuresQueryInput, reachOverseers } from './people';
import { roleGrantInput } from './roles';
import { newSchoolInput, schoolChangesInput } from './schools';

const admins = { roles: ['it_manager', 'trust_admin'] as const };
const trustAdmin = { roles: ['trust_admin'] as const };
const idParams = z.strictObject({ id: idText });
const api = contractsFor('directory');
const count = z.number();

/** A person of the directory, with whether Conduct can reach them. */
export const personView = z
  .strictObject({
    id: z.string(),
    entraObjectId: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    jobTitle: z.string().nullable(),
    department: z.string().nullable(),
    guest: z.boolean(),
    active: z.boolean(),
    deactivatedAt: dateTime.nullable(),
    memberships: z.array(z.strictObject({ schoolId: z.string(), audience: z.enum(audiences) })),
    reachable: z.boolean(),
    reachFailure: z.strictObject({ reason: z.string(), at: dateTime }).nullable(),
  })
  .meta({ id: 'Person' });
/** A school with the Entra groups of its staff, governors and visitors. */
export const schoolView = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    code: z.string(),
    groups: z.strictObject({
      staff: z.string().nullable(),
      governor: z.string().nullable(),
      visitor: z.string().nullable(),
    }),
  })
  .meta({ id: 'School' });
/** Who holds which role where. */
export const roleAssignmentView = z
  .strictObject({
    id: z.string(),
    personId: z.string(),
    displayName: z.string(),
    role: z.enum(roles),
    scope: z.string(),
    schoolName: z.string().nullable(),
    source: z.enum(['conduct', 'entra']),
  })
  .meta({ id: 'RoleAssignment' });
const change = z.enum(['added', 'updated', 'reactivated', 'deactivated']);
/** What a directory sync changed. */
export const syncReport = z
  .strictObject({
    startedAt: dateTime,
    finishedAt: dateTime,
    counts: z.strictObject({
      added: count,
      updated: count,
      reactivated: count,
      deactivated: count,
      unchanged: count,
    }),
    roles: z.union([
      z.strictObject({ granted: count, revoked: count }),
      z.strictObject({ skipped: z.string() }),
    ]),
    changes: z.array(z.strictObject({ entraObjectId: z.string(), displayName: z.string(), change })),
    truncated: z.boolean(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'DirectorySyncReport' });
/** What reaching people through Graph did. */
export const reachReport = z
  .strictObject({
    startedAt: dateTime,
    finishedAt: dateTime,
    attempted: count,
    installed: count,
    alreadyInstalled: count,
    reached: count,
    failed: count,
    failures: z.array(z.strictObject({ personId: wireId, displayName: z.string(), reason: z.string() })),
  })
  .meta({ id: 'ReachReport' });

export type Person = Wire<typeof personView>;
export type SchoolView = Wire<typeof schoolView>;
export type RoleAssignment = Wire<typeof roleAssignmentView>;

/** The directory's routes: people, reaching them, schools and roles. */
export const directoryContracts = {
  sync: api('post /api/directory/sync', 'syncDirectory', admins, {
    summary: 'Synchronises people from Entra now (IT manager, trust admin)',
    responses: { 200: { description: 'What changed.', json: syncReport } },
    refusals: ['unavailable'],
  }),
  reach: api('post /api/directory/reach', 'reachPeople', admins, {
    summary: 'Installs Conduct for people it cannot reach yet, through Graph',
    body: z.strictObject({ limit: z.number().int().min(1).max(2_000).default(200) }),
    responses: { 200: { description: 'Who was reached and who not, and why.', json: reachReport } },
    refusals: ['unavailable'],
  }),
  people: api('get /api/directory/people', 'searchPeople', directoryReaders, {
    summary: 'People of the schools the reader may see, 50 a page',
    query: peopleQueryInput,
    responses: { 200: { description: 'A page of people.', json: pageOf(personView) } },
  }),
  reachFailures: api('get /api/directory/reach-failures', 'listReachFailures', reachOverseers, {
    summary: 'Active people Conduct could not reach, and why',
    query: reachFailuresQueryInput,
    responses: { 200: { description: 'A page of people.', json: pageOf(personView) } },
  }),
  schools: api('get /api/schools', 'listSchools', 'signed-in', {
    summary: 'The schools of the trust',
    responses: { 200: { description: 'The schools.', json: z.strictObject({ items: z.array(schoolView) }) } },
  }),
  createSchool: api('post /api/schools', 'createSchool', trustAdmin, {
    summary: 'Adds a school with its Entra groups (trust admin)',
    body: newSchoolInput,
    responses: { 201: { description: 'The school.', json: schoolView } },
    refusals: ['conflict'],
  }),
  updateSchool: api('patch /api/schools/:id', 'updateSchool', trustAdmin, {
    summary: "Changes a school's name, code or groups (trust admin)",
    params: idParams,
    body: schoolChangesInput,
    responses: { 200: { description: 'The school as changed.', json: schoolView } },
    refusals: ['not_found', 'conflict'],
  }),
  roles: api('get /api/roles', 'listRoles', trustAdmin, {
    summary: 'Who holds which role where (trust admin)',
    responses: {
      200: {
        description: 'The role assignments.',
        json: z.strictObject({ items: z.array(roleAssignmentView) }),
      },
    },
  }),
  grantRole: api('post /api/roles', 'grantRole', trustAdmin, {
    summary: 'Gives a person a role for a school or the trust (trust admin)',
    body: roleGrantInput,
    responses: { 201: { description: 'The role assignment.', json: roleAssignmentView } },
    refusals: ['not_found', 'conflict'],
  }),
  revokeRole: api('del /api/roles/:id', 'revokeRole', trustAdmin, {
    summary: 'Removes a role assignment; it stops working at once (trust admin)',
    params: idParams,
    responses: { 204: { description: 'Removed.' } },
    refusals: ['not_found', 'conflict'],
  }),
};
