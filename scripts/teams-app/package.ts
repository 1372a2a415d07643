import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { renderManifest, type PackageSettings } from './manifest';
import { iconFiles, templateFile } from './paths';
import { validateTeamsManifest } from './schema';

/** The app package refused to build; `problems` lists everything wrong at once. */
export class PackagingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The Teams app package was not written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackagingError';
  }
}

export interface TeamsAppPackage {
  readonly manifest: Record<string, unknown>;
  /** The zip Teams takes: manifest.json, color.png and outline.png at its root. */
  readonly zip: Buffer;
}

// A fixed timestamp makes the zip depend only on its contents, so the same settings always give
// the same file (easy to compare what is installed with what a build would produce).
const entryDate = new Date(Date.UTC(2025, 0, 1));

/** Fills the manifest template, checks it against the official schema and zips it with the icons. */
export async function buildTeamsAppPackage(settings: PackageSettings): Promise<TeamsAppPackage> {
  const template: unknown = JSON.parse(readFileSync(templateFile, 'utf8'));
  const manifest = renderManifest(template, settings);
  const problems = await validateTeamsManifest(manifest);
  if (problems.length > 0) throw new PackagingError(problems);

  const zip = new JSZip();
  const options = { date: entryDate, createFolders: false };
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, options);
  zip.file('color.png', readFileSync(iconFiles.colour), options);
  zip.file('outline.png', readFileSync(iconFiles.outline), options);
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
  return { manifest, zip: bytes };
}

/** Builds the package and writes it to `file`, creating its folder. */
export async function writeTeamsAppPackage(
  settings: PackageSettings,
  file: string,
): Promise<TeamsAppPackage> {
  const built = await buildTeamsAppPackage(settings);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, built.zip);
  return built;
}
