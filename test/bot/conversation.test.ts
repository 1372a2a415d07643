import { useConductBot, seedPerson } from '../support/conduct';
import { install, message, teamsUser } from '../../scripts/standins/teams';

const textOf = (activity: Record<string, unknown>): string => JSON.stringify(activity);

describe('talking to the bot', () => {
  const bot = useConductBot();

  it('welcomes a person when Conduct is installed for them and remembers their chat', async () => {
    const { models, connector, send } = bot();
    const alex = teamsUser('Alex Morgan');
    await seedPerson(models, alex);
    const answer = await send(install(alex, connector.url));
    expect(answer.status).toBe(200);
    const cards = connector.cardsFor(alex.conversationId);
    expect(textOf(cards[0]!)).toContain("Hello Alex, I'm Conduct");
    const stored = await models.Person.findOne({ entraObjectId: alex.aadObjectId }).lean();
    expect(stored?.conversation).toMatchObject({ id: alex.conversationId, serviceUrl: connector.url });
  });

  it('tells someone who is not in the directory that it has no policies for them', async () => {
    const { connector, send } = bot();
    const stranger = teamsUser('Sam Stranger');
    await send(install(stranger, connector.url));
    expect(textOf(connector.cardsFor(stranger.conversationId)[0]!)).toContain(
      "can't find you in the school's directory",
    );
  });

  it('answers "help" with the list of commands, and anything unknown with the report choices and a pointer to help', async () => {
    const { models, connector, send } = bot();
    const jo = teamsUser('Jo Patel');
    await seedPerson(models, jo);
    await send(message(jo, connector.url, 'Help!'));
    expect(textOf(connector.cardsFor(jo.conversationId)[0]!)).toContain('What I can do');
    await send(message(jo, connector.url, 'qwertyuiop'));
    const last = connector.received.filter((r) => r.conversationId === jo.conversationId).at(-1)!;
    expect(textOf(last.activity)).toContain('tell the DSL now');
    expect(textOf(last.activity)).toContain('type \\"help\\"');
  });

  it('handles a redelivered activity once', async () => {
    const { models, connector, send } = bot();
    const kim = teamsUser('Kim Lee');
    await seedPerson(models, kim);
    const activity = message(kim, connector.url, 'help');
    await send(activity);
    await send(activity);
    expect(connector.received.filter((r) => r.conversationId === kim.conversationId)).toHaveLength(1);
  });

  it('refuses activities from an untrusted service or another tenant, sending nothing', async () => {
    const { connector, send } = bot();
    const eve = teamsUser('Eve Outsider');
    const before = connector.received.length;
    const untrusted = await send(message(eve, 'https://attacker.example.com/', 'help'));
    expect(untrusted.status).toBe(403);
    const otherTenant = message(eve, connector.url, 'help');
    (otherTenant.conversation as Record<string, unknown>).tenantId = 'another-tenant';
    (otherTenant.channelData as { tenant: { id: string } }).tenant.id = 'another-tenant';
    expect((await send(otherTenant)).status).toBe(403);
    expect(connector.received.length).toBe(before);
  });
});
