import { card, type AdaptiveCard } from './card';
import { heading, note, paragraph } from './text';

/** Sent once when a person's messages come faster than the bot takes them. */
export function slowDownCard(seconds: number): AdaptiveCard {
  return card([
    heading('One moment, please'),
    paragraph(
      `You have sent me a lot of messages in a short time, so I have paused for a moment. Please try again in ${seconds} seconds.`,
    ),
    note('If you are reporting something urgent about a child, tell your DSL in person now.'),
  ]);
}

/** A message longer than Teams itself sends; nothing of it is read. */
export function tooLongCard(maxCharacters: number): AdaptiveCard {
  return card([
    heading('That message is too long for me'),
    paragraph(
      `Please keep a message under ${maxCharacters.toLocaleString('en-GB')} characters. If you were answering a question, send a shorter answer.`,
    ),
  ]);
}
