import { inflateSync } from 'node:zlib';

/**
 * The text drawn on a PDF's pages, as pdfkit writes it: hex strings in TJ arrays inside (usually
 * Flate-compressed) content streams. An embedded font's strings are glyph codes, read back through
 * the font's ToUnicode map (so "Zoë Ó'Brien – Łódź" comes back as written); a standard font's are
 * Latin-1 bytes. Enough to check what a sheet says.
 */
export function pdfText(pdf: Buffer): string {
  const objects = readObjects(pdf);
  const cmaps = new Map<string, Map<number, string>>();
  for (const [id, object] of objects) {
    if (object.stream?.includes('beginbfrange')) cmaps.set(id, readCmap(object.stream));
  }
  const fontNames = new Map<string, Map<number, string> | undefined>();
  for (const object of objects.values()) {
    for (const [, name, ref] of object.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(ref!);
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font?.dict ?? '')?.[1];
      fontNames.set(name!, toUnicode ? cmaps.get(toUnicode) : undefined);
    }
  }
  const lines: string[] = [];
  for (const object of objects.values()) {
    if (!object.stream || object.stream.includes('begincmap')) continue;
    let cmap: Map<number, string> | undefined;
    for (const op of object.stream.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\]\s*TJ/g)) {
      if (op[1]) {
        cmap = fontNames.get(op[1]);
        continue;
      }
      lines.push([...op[2]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => decode(hex[1]!, cmap)).join(''));
    }
  }
  return lines.join('\n');
}

function decode(hex: string, cmap: Map<number, string> | undefined): string {
  if (!cmap) return Buffer.from(hex, 'hex').toString('latin1');
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4)
    text += cmap.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
  return text;
}

/** pdfkit's ToUnicode map: ranges of codes, each with an array of UTF-16 hex values. */
function readCmap(stream: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const [, start, values] of stream.matchAll(/<([0-9a-fA-F]+)> <[0-9a-fA-F]+> \[([^\]]*)\]/g)) {
    [...values!.matchAll(/<([0-9a-fA-F ]+)>/g)].forEach((value, index) => {
      const units = value[1]!.split(' ').map((unit) => parseInt(unit, 16));
      map.set(parseInt(start!, 16) + index, String.fromCharCode(...units));
    });
  }
  return map;
}

/** Each "n 0 obj … endobj": its dictionary and its stream (inflated), as Latin-1 text. */
function readObjects(pdf: Buffer): Map<string, { dict: string; stream: string | undefined }> {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; stream: string | undefined }>();
  for (const match of raw.matchAll(/(\d+) 0 obj\b/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endobj', start);
    if (end < 0) break;
    const body = raw.slice(start, end);
    const streamAt = /stream\r?\n/.exec(body);
    if (!streamAt) {
      objects.set(match[1]!, { dict: body, stream: undefined });
      continue;
    }
    const from = start + streamAt.index + streamAt[0].length;
    const bytes = pdf.subarray(from, raw.indexOf('endstream', from));
    objects.set(match[1]!, {
      dict: body.slice(0, streamAt.index),
      stream: tryInflate(bytes) ?? bytes.toString('latin1'),
    });
  }
  return objects;
}

function tryInflate(bytes: Buffer): string | undefined {
  try {
    return inflateSync(bytes).toString('latin1');
  } catch {
    return undefined;
  }
}
