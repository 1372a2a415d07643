import fc from 'fast-check';
import { policyVerbs } from '../../bot/cards/policy-card';
import { intakeVerbs } from '../../bot/incidents/intake-cards';
import { claimVerb } from '../../bot/incidents/notice-cards';
import { personalActivity, teamsUser, testTenantId } from '../../scripts/standins/teams';
import { startConnectorStandIn } from '../../scripts/standins/connector';
import { startEntraStandIn } from '../../scripts/standins/entra';
import { botTestEnv, seedPerson } from '../support/conduct';
import { expectUnharmed, fuzz, hostile, send, startFuzzTarget, useFuzzing } from './harness';

/**
 * Seeded property-based fuzzing of /api/messages: Teams-shaped activities from people Conduct
 * knows, with fields replaced, removed or added, nested values swapped, or something that is not
 * an activity at all. Whatever comes in, the answer is never 5xx, the process survives and memory
 * stays flat. (The bot runs as in development, where loopback needs no token; forged tokens are
 * test/bot/authentication.test.ts's.) Conduct runs in a process of its own, whose memory is measured.
 */
const activityCount = Math.max(2_000, Number(process.env.FUZZ_COUNT ?? 0));

const fields = [
  'type',
  'id',
  'serviceUrl',
  'channelId',
  'from',
  'recipient',
  'conversation',
  'channelData',
  'text',
  'name',
  'value',
  'action',
  'replyToId',
  'membersAdded',
  'attachments',
  'entities',
  'timestamp',
  'locale',
] as const;

const verbs = [...Object.values(policyVerbs), ...Object.values(intakeVerbs), claimVerb, 'no.such.verb'];
const words = ['help', 'report', 'my policies', 'my reports', 'sign', 'yes', 'cancel', 'back', ''];

function activities(serviceUrl: string, people: ReturnType<typeof teamsUser>[]): fc.Arbitrary<unknown> {
  const base = fc.record({
    person: fc.constantFrom(...people),
    kind: fc.constantFrom(
      'message',
      'submit',
      'action',
      'invoke',
      'installationUpdate',
      'conversationUpdate',
    ),
    text: fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 200 })),
    verb: fc.constantFrom(...verbs),
    data: fc.dictionary(
      fc.constantFrom('versionId', 'incidentId', 'answer', 'category', 'text', 'step'),
      fc.oneof(hostile, fc.stringMatching(/^[0-9a-f]{24}$/)),
      { maxKeys: 3 },
    ),
  });
  const mutated = fc
    .record({
      base,
      changes: fc.array(fc.tuple(fc.constantFrom(...fields), fc.option(hostile, { nil: undefined })), {
        maxLength: 3,
      }),
      nested: fc.option(
        fc.tuple(
          fc.constantFrom('from', 'conversation', 'recipient', 'channelData', 'value'),
          fc.string(),
          hostile,
        ),
        { nil: undefined },
      ),
    })
    .map(({ base: { person, kind, text, verb, data }, changes, nested }) => {
      const shapes: Record<typeof kind, Record<string, unknown>> = {
        message: { type: 'message', text },
        submit: { type: 'message', value: { verb, ...data } },
        action: {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        },
        invoke: { type: 'invoke', name: text || 'composeExtension/query', value: data },
        installationUpdate: { type: 'installationUpdate', action: text || 'add' },
        conversationUpdate: { type: 'conversationUpdate', membersAdded: [{ id: '28:conduct-test-bot' }] },
      };
      const activity = personalActivity(person, serviceUrl, shapes[kind], testTenantId);
      for (const [field, value] of changes) {
        if (value === undefined) delete activity[field];
        else activity[field] = value;
      }
      if (nested) {
        const [field, key, value] = nested;
        const inner = activity[field];
        if (inner && typeof inner === 'object') (inner as Record<string, unknown>)[key] = value;
      }
      return activity;
    });
  return fc.oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: hostile });
}

describe('fuzzing /api/messages (seeded)', () => {
  const fuzzing = useFuzzing(
    async () => ({
      // The connector stand-in's Teams limits would only slow the replies down: they are tested elsewhere.
      connector: await startConnectorStandIn({ perConversation: [] }),
      entra: await startEntraStandIn({ tenantId: testTenantId }),
    }),
    ({ connector, entra }) =>
      startFuzzTarget({
        ...botTestEnv(connector, entra),
        // Logged as in production (to nowhere), so log lines count in the memory measured.
        LOG_LEVEL: 'info',
        // No scheduled work is fuzzed; polling for it each second would queue at the database's gate.
        JOBS_POLL_INTERVAL_MS: '60000',
      }),
  );

  it(`answers ${activityCount} malformed activities without a 5xx, and memory stays flat`, async () => {
    const { target, standIns } = fuzzing();
    const { connector } = standIns;
    const people = [teamsUser('Fuzz Teacher'), teamsUser('Fuzz Governor'), teamsUser('Fuzz Stranger')];
    await seedPerson(target.models, people[0]!);
    await seedPerson(target.models, people[1]!, { audience: 'governor' });
    const url = `${target.url}/api/messages`;

    const figures = await fuzz(
      'activities',
      target,
      activities(connector.url, people),
      activityCount,
      async (activity) => {
        const body = JSON.stringify(activity) ?? 'null';
        const answer = await send(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        return {
          status: answer.status,
          what: `${body.slice(0, 300)} → ${answer.status} ${answer.text.slice(0, 200)}`,
        };
      },
      // What the stand-in received is the test's memory, not Conduct's.
      () => connector.received.splice(0),
    );

    await expectUnharmed(target, figures, activityCount);
    // Not everything was refused at the door: well-formed activities reached the handlers.
    expect(figures.byStatus[200] ?? 0).toBeGreaterThan(activityCount / 4);
    expect(figures.byStatus[400] ?? 0).toBeGreaterThan(activityCount / 10);
  });
});
