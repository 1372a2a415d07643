import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { apiContracts } from '../src/api-contracts';
import { openApiDocument } from '../src/http/openapi';

/** Where the generated document is kept. */
export const openApiFile = path.resolve(__dirname, '..', 'docs', 'openapi.yaml');

/** docs/openapi.yaml as the route contracts make it (Prettier leaves it alone: .prettierignore). */
export function openApiYaml(): Promise<string> {
  const header =
    '# Generated from the route contracts (src/*/contract.ts) by npm run openapi; do not edit.\n';
  return Promise.resolve(header + stringify(openApiDocument(apiContracts), { lineWidth: 110 }));
}

if (require.main === module) {
  openApiYaml().then(
    (text) => {
      writeFileSync(openApiFile, text);
      process.stdout.write(`wrote ${path.relative(process.cwd(), openApiFile)}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
