import { seedSampleData } from '../../scripts/dev/sample-data';
import { messageText } from '../../scripts/standins/playground';
import { useConductWithPlayground } from '../incidents/playground-app';
import { testScheduler } from './scheduler';

/*
 * The Playground as `npm run dev` starts it: nobody is connected to its message stream until the
 * browser page opens. What the bot sent before then must be waiting in the chat, and each load of
 * the page (which tells the bot it was added, again) must not bring another welcome.
 */
describe('opening the Agents Playground of npm run dev', () => {
  const sam = { name: 'Sam Taylor', aadObjectId: '2d9c1f64-5b3a-4e7d-8f21-6a0c9e4b7d31' };
  const conduct = useConductWithPlayground({ currentUser: sam, watch: false });

  it('shows the sample policy card sent before the page was opened', async () => {
    const { playground, app } = conduct();
    const jobs = testScheduler(app.connection, { workerName: 'test-seed' });
    const seeded = await seedSampleData(app.models, jobs, 'Europe/London', playground.tenantId, [
      {
        ...sam,
        jobTitle: 'IT manager',
        roles: ['it_manager'],
        conversation: { id: playground.personalChatId, serviceUrl: playground.serviceUrl },
      },
    ]);
    expect(seeded).toBe(true);
    // The card has reached the Playground before anyone connects, as in npm run dev.
    for (
      let waited = 0;
      (await app.models.Delivery.countDocuments({ status: 'sent' })) === 0;
      waited += 100
    ) {
      if (waited > 20_000) throw new Error('the sample card was never sent');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(playground.messages).toHaveLength(0);

    await playground.watch();
    const card = await playground.waitForMessage((m) => messageText(m).includes('Sign'));
    expect(card.conversationId).toBe(playground.personalChatId);
  });

  it('welcomes the person once, however often the page is loaded', async () => {
    const { playground } = conduct();
    for (let load = 0; load < 3; load += 1) {
      await playground.install('botAdded');
      await playground.install('install');
    }
    // Replies come back in order: once help has answered, every welcome sent before it is here.
    const before = playground.messages.length;
    await playground.say('help');
    await playground.waitForMessage((m) => messageText(m).includes('What I can do'), { after: before });
    const welcomes = playground.messages.filter((m) => messageText(m).includes("I'm Conduct"));
    expect(welcomes).toHaveLength(1);
    expect(messageText(welcomes[0]!)).toContain('Hello Sam');
  });
});
