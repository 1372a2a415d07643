import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/devdb';

/** Just enough of Bicep's syntax to check our templates where no Bicep compiler can run. */

export const azureDir = path.join(repoRoot, 'infra', 'azure');

export const readBicep = (file: string): string => readFileSync(path.join(azureDir, file), 'utf8');

/** The text between the brace opening at `start` and its partner (strings and comments skipped). */
function braced(text: string, start: number): string {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === "'") inString = false;
    } else if (char === "'") inString = true;
    else if (char === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) - 1;
    else if (char === '{' || char === '[' || char === '(') depth++;
    else if (char === '}' || char === ']' || char === ')') {
      depth--;
      if (depth === 0) return text.slice(start + 1, i);
    }
  }
  throw new Error(`unbalanced braces from offset ${start}`);
}

/** Splits an object body into its top-level `key: expression` entries, in order. */
export function objectEntries(body: string): [key: string, expression: string][] {
  const entries: [string, string][] = [];
  let depth = 0;
  let inString = false;
  let current = '';
  const flush = (): void => {
    const match = /^\s*'?([A-Za-z0-9_-]+)'?\s*:\s*([\s\S]+?)\s*$/.exec(current);
    if (match) entries.push([match[1]!, match[2]!]);
    current = '';
  };
  for (const line of body.split('\n').map((l) => (/^\s*\/\//.test(l) ? '' : l))) {
    for (let i = 0; i < line.length; i++) {
      const char = line[i]!;
      if (inString) {
        if (char === '\\') {
          current += char + (line[i + 1] ?? '');
          i++;
          continue;
        }
        if (char === "'") inString = false;
      } else if (char === "'") inString = true;
      else if ('{[('.includes(char)) depth++;
      else if ('}])'.includes(char)) depth--;
      else if (char === ',' && depth === 0) {
        flush();
        continue;
      }
      current += char;
    }
    if (depth === 0) flush();
    else current += '\n';
  }
  return entries;
}

/** The entries of `var <name> = { … }`. */
export function objectVariable(text: string, name: string): Map<string, string> {
  const start = new RegExp(`^var ${name} = \\{`, 'm').exec(text);
  if (!start) throw new Error(`no "var ${name} = {" found`);
  return new Map(objectEntries(braced(text, start.index + start[0].length - 1)));
}

export interface ModuleUse {
  readonly symbol: string;
  readonly file: string;
  readonly params: readonly string[];
}

/** Every `module x 'file' = { params: { … } }` in a template. */
export function moduleUses(text: string): ModuleUse[] {
  return [...text.matchAll(/^module (\w+) '([^']+)' = \{/gm)].map((match) => {
    const body = braced(text, match.index + match[0].length - 1);
    const params = /^\s*params: \{/m.exec(body);
    const names = params
      ? objectEntries(braced(body, params.index + params[0].length - 1)).map(([k]) => k)
      : [];
    return { symbol: match[1]!, file: match[2]!, params: names };
  });
}

export interface ParamDeclaration {
  readonly name: string;
  /** The default's expression; absent when the parameter must be given. */
  readonly defaultValue?: string;
}

export function paramDeclarations(text: string): ParamDeclaration[] {
  return [...text.matchAll(/^param (\w+) [\w.]+(?: = (.+))?$/gm)].map((match) => ({
    name: match[1]!,
    ...(match[2] === undefined ? {} : { defaultValue: match[2] }),
  }));
}
