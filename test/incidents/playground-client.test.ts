import { seedPerson } from '../support/conduct';
import { messageText } from '../../scripts/standins/playground';
import { useConductWithPlayground } from './playground-app';

describe('the Agents Playground client', () => {
  const conduct = useConductWithPlayground({
    currentUser: { name: 'Alex Morgan', aadObjectId: '6d1f0c52-1b7e-4c55-9d7a-0f7e8a2b3c41' },
  });

  it('installs the bot for the current user, who is welcomed by name in the personal chat', async () => {
    const { playground, app } = conduct();
    await seedPerson(app.models, { ...playground.currentUser, conversationId: playground.personalChatId });
    await playground.install();
    const welcome = await playground.waitForMessage((m) =>
      messageText(m).includes("Hello Alex, I'm Conduct"),
    );
    expect(welcome.conversationId).toBe(playground.personalChatId);
    const stored = await app.models.Person.findOne({
      entraObjectId: playground.currentUser.aadObjectId,
    }).lean();
    expect(stored?.conversation).toMatchObject({
      id: playground.personalChatId,
      // The Playground names its connector without the trailing slash Conduct's trusted URLs carry.
      serviceUrl: playground.serviceUrl.replace(/\/$/, ''),
    });
  });

  it('says something and gets the answer; an unknown card verb gets an error invoke response', async () => {
    const { playground } = conduct();
    const before = playground.messages.length;
    await playground.say('help');
    const help = await playground.waitForMessage((m) => messageText(m).includes('What I can do'), {
      after: before,
    });
    const reply = await playground.invoke(help.messageId, 'no.such.verb', {});
    expect(reply).toMatchObject({
      type: 'application/vnd.microsoft.error',
      value: { message: 'This card action is not known to Conduct.' },
    });
  });
});
