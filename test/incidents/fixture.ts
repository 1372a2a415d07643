import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import type { Person, Role } from '../../src/directory/model';
import { createIncidents, type Incidents } from '../../src/incidents/module';
import type { Models } from '../../src/store/models';
import { useTestDatabase } from '../support/database';
import { testTenantId } from '../../scripts/standins/teams';
import { fakeClock, fakeJobs, recordingNotifier, type FakeJobs } from './fake-jobs';
import { testIncidentKey } from './helpers';

export interface IncidentsFixture {
  readonly incidents: Incidents;
  readonly models: Models;
  readonly clock: ReturnType<typeof fakeClock>;
  readonly jobs: FakeJobs;
  readonly notifier: ReturnType<typeof recordingNotifier>;
  readonly schoolId: string;
  /** A member of staff at the school, reachable in Teams, holding the role if one is given. */
  person(name: string, role?: Role): Promise<Person>;
  /** Makes a report through the intake use cases, answering each question in turn. */
  report(reporter: Person, type: string, answers: readonly string[]): Promise<string>;
}

/**
 * The incidents capability on a database of its own, with a fake clock, jobs that run only when
 * the test moves time on, and a notifier that records instead of sending.
 */
export function useIncidentsFixture(start: Date, env: Record<string, string> = {}): () => IncidentsFixture {
  const database = useTestDatabase();
  let fixture: IncidentsFixture | undefined;
  beforeAll(async () => {
    const { models } = database();
    const clock = fakeClock(start);
    const jobs = fakeJobs(clock);
    const notifier = recordingNotifier();
    const config = loadConfig(
      { MICROSOFT_APP_TENANT_ID: testTenantId, INCIDENT_ENCRYPTION_KEY: testIncidentKey, ...env },
      process.cwd(),
    );
    const incidents = createIncidents({ config, models, jobs, notifier, now: clock.now });
    const school = await models.School.create({
      tenantId: testTenantId,
      name: 'North Hill School',
      code: 'NHS',
    });
    const schoolId = school._id.toString();
    fixture = {
      incidents,
      models,
      clock,
      jobs,
      notifier,
      schoolId,
      person: async (name, role) => {
        const id = randomUUID();
        const created = (
          await models.Person.create({
            tenantId: testTenantId,
            entraObjectId: id,
            displayName: name,
            memberships: [{ schoolId, audience: 'staff' }],
            membershipKeys: [`${schoolId}:staff`],
            conversation: {
              id: `a:${id}`,
              serviceUrl: 'https://smba.trafficmanager.net/uk/',
              tenantId: testTenantId,
              storedAt: start,
            },
          })
        ).toObject();
        if (role) {
          await models.RoleAssignment.create({
            tenantId: testTenantId,
            personId: created._id,
            role,
            scopeKey: schoolId,
          });
        }
        return created;
      },
      report: async (reporter, type, answers) => {
        let { intake } = await incidents.intake.start(reporter, type);
        for (const answer of answers)
          intake = (await incidents.intake.answer(reporter, intake, answer)).intake;
        return (await incidents.intake.submit(reporter, intake)).incidentId;
      },
    };
  });
  return () => {
    if (!fixture) throw new Error('useIncidentsFixture() is only ready inside tests');
    return fixture;
  };
}
