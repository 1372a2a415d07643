import { createHash } from 'node:crypto';

export interface HashedContent {
  policyTitle: string;
  label: string;
  bodyMarkdown: string;
  keyPoints: readonly string[];
  notices?: readonly { heading: string; text: string }[] | undefined;
  readWith?: readonly { policyId: { toString(): string }; title: string }[] | undefined;
}

/**
 * SHA-256 over exactly what a person is asked to accept, in a fixed order; "sha256:<hex>". Notices
 * and the policies to read with it join the hashed text only when a version has some, so versions published before them keep their hash.
 */
export function contentHash(content: HashedContent): string {
  const nfc = (text: string): string => text.normalize('NFC');
  const notices = (content.notices ?? []).map((notice) => [nfc(notice.heading), nfc(notice.text)]);
  const readWith = (content.readWith ?? []).map((other) => [other.policyId.toString(), nfc(other.title)]);
  const canonical = JSON.stringify([
    nfc(content.policyTitle),
    nfc(content.label),
    nfc(content.bodyMarkdown).replace(/\r\n?/g, '\n'),
    content.keyPoints.map(nfc),
    ...(notices.length > 0 ? [{ notices }] : []),
    ...(readWith.length > 0 ? [{ readWith }] : []),
  ]);
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}
