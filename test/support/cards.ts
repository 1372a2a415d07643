// eslint-disable-next-line @typescript-eslint/no-require-imports
const AdaptiveCards = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: { message: string }[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

/**
 * Every problem the Adaptive Cards library finds in a card: parse events (unknown elements,
 * bad values) and validation events (duplicate ids, missing required properties). Empty when valid.
 */
export function cardProblems(card: unknown): string[] {
  const parsed = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) problems.push(context.getEventAt(i).message);
  problems.push(...parsed.validateProperties().validationEvents.map((event) => event.message));
  return problems;
}

/** Fails the test with the library's own messages when the card is not valid. */
export function expectValidCard(card: unknown): void {
  expect(cardProblems(card)).toEqual([]);
}
