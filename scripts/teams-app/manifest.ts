import { z } from 'zod';
import { accentColour } from './icons';

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i, 'must be a GUID (the Entra application (client) id)')
  .transform((value) => value.toLowerCase());

const httpsUrl = z
  .string()
  .trim()
  .refine(
    (value) => URL.canParse(value) && new URL(value).protocol === 'https:',
    'must be an https:// address',
  );

/** The public address Teams reaches Conduct on: https, a host name only, no port or path. */
const publicBaseUrl = httpsUrl.transform((value, context) => {
  const url = new URL(value);
  if (
    url.port !== '' ||
    url.username !== '' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.pathname !== '/'
  ) {
    context.addIssue({
      code: 'custom',
      message: 'must be just https:// and a host name, e.g. https://conduct.example.sch.uk (no port or path)',
    });
    return z.NEVER;
  }
  return url.host;
});

/** Teams accepts only plain major.minor.patch versions, and each upload must be higher than the last. */
const appVersion = z
  .string()
  .trim()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'must be major.minor.patch, e.g. 1.4.0');

/** What the packaging command needs to fill the manifest template. */
export const packageSettingsSchema = z.object({
  appId: guid,
  publicBaseUrl,
  appVersion,
  publisherName: z.string().trim().min(1, 'is required').max(32, 'must be at most 32 characters'),
  websiteUrl: httpsUrl,
  privacyUrl: httpsUrl,
  termsOfUseUrl: httpsUrl,
});

/** Settings as given (strings); parse with packageSettingsSchema. */
export type PackageSettingsInput = z.input<typeof packageSettingsSchema>;
export type PackageSettings = z.output<typeof packageSettingsSchema>;

function placeholderValues(settings: PackageSettings): Readonly<Record<string, string>> {
  return {
    MICROSOFT_APP_ID: settings.appId,
    PUBLIC_HOST: settings.publicBaseUrl,
    APP_VERSION: settings.appVersion,
    PUBLISHER_NAME: settings.publisherName,
    WEBSITE_URL: settings.websiteUrl,
    PRIVACY_URL: settings.privacyUrl,
    TERMS_URL: settings.termsOfUseUrl,
    ACCENT_COLOUR: accentColour,
  };
}

const placeholder = /\$\{\{([A-Z_]+)\}\}/g;

/**
 * Fills every `${{NAME}}` in the template. Works on parsed JSON rather than on text, so a value
 * containing quotes or backslashes cannot change the manifest's structure.
 */
export function renderManifest(template: unknown, settings: PackageSettings): Record<string, unknown> {
  const values = placeholderValues(settings);
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(placeholder, (_, name: string) => {
        const replacement = values[name];
        if (replacement === undefined)
          throw new Error(`the manifest template uses an unknown placeholder \${{${name}}}`);
        return replacement;
      });
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fill(child)]));
    }
    return value;
  };
  const manifest = fill(template);
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new Error('the manifest template must be a JSON object');
  }
  return manifest as Record<string, unknown>;
}
