import { card, type AdaptiveCard, type CardElement } from './card';
import { heading, note, paragraph } from './text';

export interface HelpView {
  commands: readonly { name: string; description: string }[];
}

/** What Conduct can do, built from the commands each capability registered. */
export function helpCard(view: HelpView): AdaptiveCard {
  const rows: CardElement[] = view.commands.map((command) => ({
    type: 'ColumnSet',
    columns: [
      { type: 'Column', width: 'auto', items: [paragraph(`**${command.name}**`)] },
      { type: 'Column', width: 'stretch', items: [paragraph(command.description)] },
    ],
  }));
  return card([
    heading('What I can do'),
    ...rows,
    note('You can also just tell me what happened, e.g. "I clicked a link in a strange email".'),
  ]);
}
