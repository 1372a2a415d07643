import type { Person } from '../../src/directory/model';
import { testTenantId } from '../../scripts/standins/teams';
import { useIncidentsFixture } from './fixture';

const start = new Date('2026-11-23T09:00:00Z');
const channelId = '19:incidents0000000000000000@thread.tacv2';
const virusAnswers = ['Office PC', 'Ransom note on screen', 'skip', 'Unplugged it', 'now'];
const concernAnswers = ['Kit, Year 2', 'Said an adult at home hurts him', 'no'];

describe('routing new reports', () => {
  describe('with an incidents channel configured', () => {
    const fixture = useIncidentsFixture(start, { INCIDENT_CHANNEL_CONVERSATION_ID: channelId });
    let reporter: Person;
    let helpdesk: Person;
    let dsl: Person;

    beforeAll(async () => {
      reporter = await fixture().person('Rae Reporter');
      helpdesk = await fixture().person('Hep Desk', 'ict_helpdesk');
      dsl = await fixture().person('Dee Lead', 'dsl');
    });

    it('posts an ordinary report to the channel, through the Teams service, instead of to each role holder', async () => {
      const { notifier, models } = fixture();
      const id = await fixture().report(reporter, 'virus', virusAnswers);
      const sent = notifier.sent.filter((s) => s.message.notice.incidentId === id);
      expect(sent.map((s) => [s.conversationId, s.message.kind])).toEqual([[channelId, 'new']]);
      expect(sent.some((s) => s.conversationId === helpdesk.conversation?.id)).toBe(false);
      const stored = await models.Incident.findById(id).lean();
      expect(stored?.timeline.find((e) => e.what === 'notified')?.note).toBe(
        'posted to the incidents channel',
      );
    });

    it('never posts a safeguarding concern to the channel: it goes to the DSL alone', async () => {
      const { notifier } = fixture();
      const id = await fixture().report(reporter, 'child_safety', concernAnswers);
      const sent = notifier.sent.filter((s) => s.message.notice.incidentId === id);
      expect(sent.map((s) => [s.conversationId, s.message.kind])).toEqual([[dsl.conversation!.id, 'new']]);
      expect(JSON.stringify(sent)).not.toContain('hurts him');
      expect(sent[0]!.message).toMatchObject({ kind: 'new', notice: { lines: [] } });
    });
  });

  describe('when nobody holds the role', () => {
    const fixture = useIncidentsFixture(start);

    it('goes straight to the escalation roles, and says so on the timeline', async () => {
      const { notifier, models } = fixture();
      const reporter = await fixture().person('Rae Reporter');
      const manager = await fixture().person('Ivy Manager', 'it_manager');
      const id = await fixture().report(reporter, 'virus', virusAnswers);
      const sent = notifier.sent.filter((s) => s.message.notice.incidentId === id);
      expect(sent.map((s) => [s.conversationId, s.message.kind])).toEqual([
        [manager.conversation!.id, 'escalated'],
      ]);
      const notes = (await models.Incident.findById(id).lean())?.timeline
        .filter((e) => e.what === 'notified')
        .map((e) => e.note);
      expect(notes).toEqual(['ICT helpdesk: 0 told', 'Network manager, IT manager: 1 told']);
    });
  });

  describe('for someone in two schools', () => {
    const fixture = useIncidentsFixture(start);

    it("asks which school first, and routes to that school's role holders only", async () => {
      const { incidents, models, notifier, schoolId } = fixture();
      const other = await models.School.create({
        tenantId: testTenantId,
        name: 'South Vale School',
        code: 'SVS',
      });
      const northHelpdesk = await fixture().person('Nell North', 'ict_helpdesk');
      const southHelpdesk = await fixture().person('Sol South');
      await models.RoleAssignment.create({
        tenantId: testTenantId,
        personId: southHelpdesk._id,
        role: 'ict_helpdesk',
        scopeKey: other._id.toString(),
      });
      const both = await fixture().person('Bea Both');
      const memberships = [
        { schoolId, audience: 'staff' },
        { schoolId: other._id, audience: 'staff' },
      ];
      await models.Person.updateOne({ _id: both._id }, { $set: { memberships } });
      const reporter = (await models.Person.findById(both._id).lean<Person>())!;

      const { intake, prompt } = await incidents.intake.start(reporter, 'virus');
      expect(prompt).toMatchObject({ kind: 'school', number: 1, total: 7 });
      expect(prompt.kind === 'school' && prompt.schools.map((s) => s.name)).toEqual([
        'North Hill School',
        'South Vale School',
      ]);
      const wrong = await incidents.intake.answer(reporter, intake, 'Hogwarts');
      expect(wrong.prompt.problem).toMatch(/choose one of your schools/);
      const chosen = await incidents.intake.answer(reporter, intake, other._id.toString());
      expect(chosen.prompt).toMatchObject({ kind: 'question', field: { key: 'device' } });
      let current = chosen.intake;
      for (const answer of virusAnswers)
        current = (await incidents.intake.answer(reporter, current, answer)).intake;
      const summary = await incidents.intake.prompt(reporter, current);
      expect(summary).toMatchObject({ kind: 'confirm', school: 'South Vale School' });
      const { incidentId } = await incidents.intake.submit(reporter, current);
      expect((await models.Incident.findById(incidentId).lean())?.schoolId?.toString()).toBe(
        other._id.toString(),
      );
      const told = notifier.sent
        .filter((s) => s.message.notice.incidentId === incidentId)
        .map((s) => s.conversationId);
      expect(told).toEqual([southHelpdesk.conversation!.id]);
      expect(told).not.toContain(northHelpdesk.conversation!.id);
    });
  });
});
