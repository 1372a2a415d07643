import { readFileSync } from 'node:fs';
import { AppManifestUtils, type AppManifest, type TeamsManifestV1D23 } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { packageSettingsSchema, type PackageSettingsInput } from '../../scripts/teams-app/manifest';
import { buildTeamsAppPackage, PackagingError } from '../../scripts/teams-app/package';
import { iconFiles } from '../../scripts/teams-app/paths';
import { bundledTeamsSchema, validateTeamsManifest } from '../../scripts/teams-app/schema';
import { appId, host, oakfield } from './settings';

type ManifestJson = TeamsManifestV1D23.TeamsManifestV1D23;
const asRecord = (manifest: ManifestJson): Record<string, unknown> => ({ ...manifest });

async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const archive = await JSZip.loadAsync(zip);
  const entries = new Map<string, Buffer>();
  for (const entry of Object.values(archive.files)) {
    entries.set(entry.name, await entry.async('nodebuffer'));
  }
  return entries;
}

describe('the Teams app package', () => {
  let entries: Map<string, Buffer>;
  let manifest: ManifestJson;

  beforeAll(async () => {
    const built = await buildTeamsAppPackage(packageSettingsSchema.parse(oakfield));
    entries = await unzip(built.zip);
    manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as ManifestJson;
  });

  it('holds exactly manifest.json and the two icons, at the root of the zip', () => {
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(entries.get('color.png')!.equals(readFileSync(iconFiles.colour))).toBe(true);
    expect(entries.get('outline.png')!.equals(readFileSync(iconFiles.outline))).toBe(true);
  });

  it('uses a current manifest schema (1.19 or later; 1.18 was never published)', () => {
    const [major, minor] = manifest.manifestVersion.split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(19);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
  });

  it('passes the official schema with @microsoft/app-manifest, without the network', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('offline'));
    try {
      const schema = bundledTeamsSchema(manifest.manifestVersion);
      expect(await AppManifestUtils.validateAgainstSchema(manifest as AppManifest, schema)).toEqual([]);
      expect(await validateTeamsManifest(asRecord(manifest))).toEqual([]);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('points the bot, the tabs and SSO at this deployment', () => {
    expect(manifest.id).toBe(appId);
    expect(manifest.version).toBe('1.4.0');
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: appId, scopes: ['personal', 'team'] })]);
    expect(manifest.bots![0]!.commandLists![0]!.commands.map((command) => command.title)).toContain('help');
    const tabs = (manifest.staticTabs ?? []).filter((tab) => tab.contentUrl !== undefined);
    expect(tabs.map((tab) => [tab.entityId, tab.contentUrl, tab.scopes])).toEqual([
      ['my-policies', `https://${host}/tab/my-policies`, ['personal']],
      ['my-reports', `https://${host}/tab/my-reports`, ['personal']],
      ['admin', `https://${host}/tab/admin`, ['personal']],
    ]);
    expect(manifest.webApplicationInfo).toEqual({ id: appId, resource: `api://${host}/botid-${appId}` });
    expect(manifest.validDomains).toEqual([host]);
    expect(manifest.permissions).toEqual(['identity', 'messageTeamMembers']);
  });

  it('fills every placeholder, and a value with quotes stays a value', () => {
    expect(entries.get('manifest.json')!.toString('utf8')).not.toMatch(/\$\{\{/);
    expect(manifest.developer).toEqual({
      name: 'Oakfield "Learning" Trust',
      websiteUrl: 'https://www.oakfield.sch.uk',
      privacyUrl: 'https://www.oakfield.sch.uk/privacy-notice',
      termsOfUseUrl: 'https://www.oakfield.sch.uk/acceptable-use',
    });
  });

  it('reports what is wrong when a manifest breaks the schema', async () => {
    const broken = structuredClone(manifest);
    broken.accentColor = 'teal';
    broken.staticTabs![1]!.entityId = 'x'.repeat(65);
    Reflect.deleteProperty(broken.developer, 'privacyUrl');
    const problems = (await validateTeamsManifest(asRecord(broken))).join('\n');
    expect(problems).toMatch(/\/accentColor/);
    expect(problems).toMatch(/\/staticTabs\/1\/entityId/);
    expect(problems).toMatch(/privacyUrl/);
  });

  it('refuses to package a manifest the schema rejects, listing the problems', async () => {
    const tooLong = packageSettingsSchema.parse(oakfield);
    const settings = { ...tooLong, websiteUrl: `https://www.oakfield.sch.uk/${'a'.repeat(2100)}` };
    await expect(buildTeamsAppPackage(settings)).rejects.toThrow(PackagingError);
    await expect(buildTeamsAppPackage(settings)).rejects.toThrow(/\/developer\/websiteUrl/);
  });
});

describe('packaging settings', () => {
  const problemsWith = (change: Partial<PackageSettingsInput>): Record<string, string> => {
    const result = packageSettingsSchema.safeParse({ ...oakfield, ...change });
    if (result.success) return {};
    return Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
  };

  it('takes the host from the public address and lower-cases the app id', () => {
    const settings = packageSettingsSchema.parse(oakfield);
    expect(settings.publicBaseUrl).toBe(host);
    expect(settings.appId).toBe(appId);
  });

  it('refuses a public address Teams cannot use, saying why', () => {
    expect(problemsWith({ publicBaseUrl: `http://${host}` }).publicBaseUrl).toMatch(/https/);
    expect(problemsWith({ publicBaseUrl: `https://${host}/conduct` }).publicBaseUrl).toMatch(
      /no port or path/,
    );
    expect(problemsWith({ publicBaseUrl: `https://${host}:8443` }).publicBaseUrl).toMatch(/no port or path/);
  });

  it('refuses a malformed app id, version, publisher or link', () => {
    expect(problemsWith({ appId: 'conduct-bot' }).appId).toMatch(/GUID/);
    expect(problemsWith({ appVersion: '1.4' }).appVersion).toMatch(/major\.minor\.patch/);
    expect(problemsWith({ publisherName: 'x'.repeat(33) }).publisherName).toMatch(/32/);
    expect(problemsWith({ privacyUrl: 'www.oakfield.sch.uk/privacy' }).privacyUrl).toMatch(/https/);
  });
});
