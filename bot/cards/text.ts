import type { CardElement } from './card';

/** The text blocks of a card: headings, paragraphs, notes, bullets and facts. */
export const heading = (text: string): CardElement => ({
  type: 'TextBlock',
  text,
  size: 'Large',
  weight: 'Bolder',
  wrap: true,
  style: 'heading',
});

export const paragraph = (text: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...extra,
});

export const note = (text: string): CardElement => paragraph(text, { isSubtle: true, size: 'Small' });

export const attention = (text: string): CardElement =>
  paragraph(text, { color: 'Attention', weight: 'Bolder' });

export const good = (text: string): CardElement => paragraph(text, { color: 'Good', weight: 'Bolder' });

export const bullets = (items: readonly string[]): CardElement => ({
  type: 'Container',
  items: items.map((item) => paragraph(`• ${item}`, { spacing: 'Small' })),
});

export const facts = (pairs: readonly [string, string][]): CardElement => ({
  type: 'FactSet',
  facts: pairs.map(([title, value]) => ({ title, value })),
});
