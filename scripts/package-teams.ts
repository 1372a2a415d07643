// `npm run package:teams`: writes the Teams app package (manifest.json + icons) for one deployment.
// The app id and public address come from Conduct's configuration (MICROSOFT_APP_ID and
// PUBLIC_BASE_URL, in the environment or .env) unless given as flags; the rest are flags.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { packageSettingsSchema, type PackageSettingsInput } from './teams-app/manifest';
import { PackagingError, writeTeamsAppPackage } from './teams-app/package';
import { defaultPackageFile, packageJsonFile } from './teams-app/paths';

const usage = `Usage: npm run package:teams -- --publisher <name> --website <url> --privacy <url> --terms <url>
       [--app-id <guid>] [--base-url <https://host>] [--app-version <x.y.z>] [--out <file.zip>]

  --publisher    who publishes the app in your tenant, e.g. "Oakfield Academy Trust" (≤ 32 characters)
  --website      your school's or trust's website (Teams shows it as the app's support page)
  --privacy      your privacy notice for staff
  --terms        the terms people use Conduct under, e.g. your acceptable use policy page
  --app-id       the Entra app registration's client id   (default: MICROSOFT_APP_ID)
  --base-url     the address Teams reaches Conduct on      (default: PUBLIC_BASE_URL)
  --app-version  the package version, higher than the last one uploaded (default: package.json)
  --out          where to write the zip                    (default: dist/teams/conduct.zip)`;

const flagNames: Record<keyof PackageSettingsInput, string> = {
  appId: '--app-id (or MICROSOFT_APP_ID)',
  publicBaseUrl: '--base-url (or PUBLIC_BASE_URL)',
  appVersion: '--app-version',
  publisherName: '--publisher',
  websiteUrl: '--website',
  privacyUrl: '--privacy',
  termsOfUseUrl: '--terms',
};

function readFlags(): Record<string, string | undefined> {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ['publisher', 'website', 'privacy', 'terms', 'app-id', 'base-url', 'app-version', 'out'].map((name) => [
        name,
        { type: 'string' as const },
      ]),
    ),
    strict: true,
  });
  return values;
}

/** Conduct's own configuration, read the way the service reads it, only for what the flags leave out. */
function configuredDefaults(flags: Record<string, string | undefined>): { appId?: string; baseUrl?: string } {
  if (flags['app-id'] !== undefined && flags['base-url'] !== undefined) return {};
  const root = path.dirname(packageJsonFile);
  const envFile = path.join(root, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig(process.env, root);
  return { appId: config.bot.appId, baseUrl: config.publicBaseUrl };
}

async function main(): Promise<void> {
  const flags = readFlags();
  const defaults = configuredDefaults(flags);
  const packageJson = JSON.parse(readFileSync(packageJsonFile, 'utf8')) as { version: string };
  const input: Record<keyof PackageSettingsInput, string | undefined> = {
    appId: flags['app-id'] ?? defaults.appId,
    publicBaseUrl: flags['base-url'] ?? defaults.baseUrl,
    appVersion: flags['app-version'] ?? packageJson.version,
    publisherName: flags.publisher,
    websiteUrl: flags.website,
    privacyUrl: flags.privacy,
    termsOfUseUrl: flags.terms,
  };
  const parsed = packageSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as keyof PackageSettingsInput;
      const given = input[key];
      return `${flagNames[key] ?? String(key)}: ${given === undefined ? 'is required' : `${issue.message} (given: ${given})`}`;
    });
    console.error(`${new PackagingError(problems).message}\n\n${usage}`);
    process.exitCode = 1;
    return;
  }
  const out = path.resolve(flags.out ?? defaultPackageFile);
  const built = await writeTeamsAppPackage(parsed.data, out);
  console.log(
    `Wrote ${path.relative(process.cwd(), out)}: Teams app ${String(built.manifest.id)} version ${String(built.manifest.version)} for https://${parsed.data.publicBaseUrl}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof PackagingError || error instanceof ConfigError) {
    console.error(error.message);
  } else if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`${error.message}\n\n${usage}`);
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exitCode = 1;
});
