import type { BotUnderTest } from '../support/conduct';

/** The first card the bot sent to this chat whose JSON contains the text, waited for. */
export async function waitForCard(
  conduct: BotUnderTest,
  conversationId: string,
  text: string,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const card = conduct.connector.cardsFor(conversationId).find((c) => JSON.stringify(c).includes(text));
    if (card) return card;
    if (Date.now() > deadline) throw new Error(`no card containing "${text}" reached the chat`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
