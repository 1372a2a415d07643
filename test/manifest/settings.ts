import type { PackageSettingsInput } from '../../scripts/teams-app/manifest';

export const appId = '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e';
export const host = 'conduct.oakfield.sch.uk';

/** A plausible school's packaging settings, as someone would type them. */
export const oakfield: PackageSettingsInput = {
  appId: appId.toUpperCase(),
  publicBaseUrl: `https://${host}/`,
  appVersion: '1.4.0',
  publisherName: 'Oakfield "Learning" Trust',
  websiteUrl: 'https://www.oakfield.sch.uk',
  privacyUrl: 'https://www.oakfield.sch.uk/privacy-notice',
  termsOfUseUrl: 'https://www.oakfield.sch.uk/acceptable-use',
};
