import { card, type AdaptiveCard } from './card';
import { heading, note, paragraph } from './text';

export interface WelcomeView {
  firstName: string | undefined;
  /** False when the person is not (yet) in the school's directory. */
  known: boolean;
}

/** The first thing a person sees when Conduct is installed for them. */
export function welcomeCard(view: WelcomeView): AdaptiveCard {
  const greeting = view.firstName ? `Hello ${view.firstName}, I'm Conduct` : "Hello, I'm Conduct";
  const body = [
    heading(greeting),
    paragraph(
      "I'll send you the school's ICT policies to read and sign here, and remind you when one changes.",
    ),
    paragraph(
      'If something goes wrong — a virus, a password someone may know, a lost laptop, something a pupil should not have seen, a worry about a child — just tell me in your own words and I will get it to the right person.',
    ),
    note('Type "help" at any time to see what I can do.'),
  ];
  if (!view.known) {
    body.push(
      paragraph(
        "I can't find you in the school's directory yet, so I have no policies for you. If you think you should have, let your IT manager know.",
        { color: 'Warning' },
      ),
    );
  }
  return card(body);
}
