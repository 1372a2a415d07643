import { createHash } from 'node:crypto';

export interface HashedContent {
  policyTitle: string;
  label: string;
  bodyMarkdown: string;
  keyPoints: readonly string[];
}

/** SHA-256 over exactly what a person is asked to accept, in a fixed order; "sha256:<hex>". */
export function contentHash(content: HashedContent): string {
  const canonical = JSON.stringify([
    content.policyTitle.normalize('NFC'),
    content.label.normalize('NFC'),
    content.bodyMarkdown.normalize('NFC').replace(/\r\n?/g, '\n'),
    content.keyPoints.map((point) => point.normalize('NFC')),
  ]);
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}
