import { useConductWithStandIns } from '../directory/app';
import { seeder, type SeededPerson } from './seed';

describe('the incident export', () => {
  const conduct = useConductWithStandIns();
  const people: Record<string, SeededPerson> = {};

  const csv = async (who: string, query = '') => {
    const token = await conduct().entra.tokenFor({ oid: people[who]!.oid });
    const response = await fetch(`${conduct().app.url}/api/incidents/export.csv${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      lines: (await response.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    };
  };

  beforeAll(async () => {
    const { models, tenantId } = conduct();
    const seed = seeder(models, tenantId);
    const school = await seed.school('North Hill School', 'NHS');
    for (const name of ['Ivy Tech', 'Dora Safe', 'Cal Clark', 'Tia Teacher']) {
      people[name] = await seed.person(name, { memberships: [{ schoolId: school, audience: 'staff' }] });
    }
    await seed.role(people['Ivy Tech']!, 'it_manager', null);
    await seed.role(people['Dora Safe']!, 'dsl', school);
    const at = new Date('2026-03-14T09:12:00Z');
    const incident = (reference: string, type: string, handlingRole: string, restricted = false) => ({
      tenantId,
      reference,
      type,
      status: 'new',
      schoolId: school,
      reporterId: people['Cal Clark']!.id,
      handlingRole,
      restricted,
      reportedAt: at,
      fields: { whatHappened: 'Confidential detail that never goes into the export' },
      timeline: [{ at, by: people['Cal Clark']!.id, what: 'reported' }],
    });
    await models.Incident.create([
      incident('INC-2026-0001', 'virus', 'ict_helpdesk'),
      incident('INC-2026-0002', 'suspicious_email', 'ict_helpdesk'),
      {
        ...incident('INC-2026-0003', 'child_safety', 'dsl', true),
        urgentFrom: at,
        urgentReason: 'immediate_danger',
      },
    ]);
  });

  it('lists the incidents the reader may see, newest first, without what was reported', async () => {
    const { status, lines } = await csv('Ivy Tech');
    expect(status).toBe(200);
    expect(lines[0]).toBe(
      'Reference,Type,Status,Urgent now,School,Reported,Reported by,Handled by,Escalated,ICO deadline,Breach decision recorded,Restricted',
    );
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['INC-2026-0001', 'INC-2026-0002']);
    expect(lines.find((l) => l.startsWith('INC-2026-0001'))).toBe(
      'INC-2026-0001,Virus or malware,new,,North Hill School,14/03/2026 09:12,Cal Clark,,,,,No',
    );
    expect(lines.join('\n')).not.toContain('Confidential');
  });

  it('gives child-safety concerns to the safeguarding lead only, and takes the queue filters', async () => {
    const dsl = await csv('Dora Safe');
    expect(dsl.lines.slice(1).map((l) => l.split(',').slice(0, 4))).toEqual([
      ['INC-2026-0003', "Concern about a child's safety", 'new', 'Child in immediate danger'],
    ]);
    const filtered = await csv('Ivy Tech', '?type=virus');
    expect(filtered.lines).toHaveLength(2);
  });

  it('refuses someone with no incident role, and a filter that is not valid', async () => {
    expect((await csv('Tia Teacher')).status).toBe(403);
    expect((await csv('Ivy Tech', '?age=forever')).status).toBe(400);
  });
});
