import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils, TeamsManifestConverter, type AppManifest } from '@microsoft/app-manifest';

type ManifestSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));

/**
 * The official Teams manifest JSON schema for a manifest version, from the copy bundled in
 * @microsoft/app-manifest — never fetched, so packaging and its test work offline.
 */
export function bundledTeamsSchema(manifestVersion: string): ManifestSchema {
  const file = path.join(
    packageDir,
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
  if (!existsSync(file)) {
    throw new Error(
      `@microsoft/app-manifest has no bundled schema for Teams manifest version ${manifestVersion}`,
    );
  }
  // The published schemas contain \a and \v escapes, which JSON does not allow; the package's own
  // loader rewrites them the same way.
  const text = readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(text) as ManifestSchema;
}

/**
 * Checks a manifest with @microsoft/app-manifest: against the official JSON schema (every problem
 * at once), then through its typed converter, which also refuses wrongly typed fields. Returns
 * the problems found; empty when the manifest is valid.
 */
export async function validateTeamsManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['/manifestVersion is missing'];
  const schemaProblems = await AppManifestUtils.validateAgainstSchema(
    manifest as unknown as AppManifest,
    bundledTeamsSchema(version),
  );
  if (schemaProblems.length > 0) return schemaProblems;
  try {
    TeamsManifestConverter.jsonToManifest(JSON.stringify(manifest));
  } catch (error) {
    return [`not a Teams manifest: ${error instanceof Error ? error.message : String(error)}`];
  }
  return [];
}
