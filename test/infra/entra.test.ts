import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requiredScope } from '../../src/directory/access-token';
import { entraAppRoles } from '../../src/directory/entra-roles';
import { roles } from '../../src/directory/model';
import { repoRoot } from '../support/devdb';
import { objectVariable, readBicep } from './bicep';

interface Scope {
  id: string;
  value: string;
}
interface Api {
  requestedAccessTokenVersion: number;
  oauth2PermissionScopes: Scope[];
  preAuthorizedApplications?: { appId: string; delegatedPermissionIds: string[] }[];
}
interface Registration {
  api: Api;
  appRoles: { id: string; value: string; allowedMemberTypes: string[]; isEnabled: boolean }[];
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
}

const read = <T>(file: string): T =>
  JSON.parse(readFileSync(path.join(repoRoot, 'infra', 'entra', file), 'utf8')) as T;
const registration = read<Registration>('app-registration.json');
const teamsClients = read<{ api: Api }>('teams-clients.json');

const microsoftGraph = '00000003-0000-0000-c000-000000000000';
/** The application permissions docs/deploy.md explains, by their ids in Microsoft Graph. */
const graphPermissions: Record<string, string> = {
  'df021288-bdef-4463-88db-98f22de89214': 'User.Read.All',
  '98830695-27a2-44f7-8c18-0c3ebc9698f6': 'GroupMember.Read.All',
  '74ef0291-ca83-4d02-8c7e-d2391e6a444f': 'TeamsAppInstallation.ReadWriteForUser.All',
  '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30': 'Application.Read.All',
};
const teamsDesktopAndMobile = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
const teamsWeb = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';

describe('the Entra app registration (infra/entra)', () => {
  it('exposes the one scope the tab token must carry, in v2 tokens as AUTH_ISSUER expects', () => {
    for (const api of [registration.api, teamsClients.api]) {
      expect(api.oauth2PermissionScopes.map((scope) => scope.value)).toEqual([requiredScope]);
      expect(api.requestedAccessTokenVersion).toBe(2);
    }
    expect(teamsClients.api.oauth2PermissionScopes).toEqual(registration.api.oauth2PermissionScopes);
    expect(objectVariable(readBicep('main.bicep'), 'conductSettings').get('AUTH_ISSUER')).toMatch(
      /\/v2\.0'$/,
    );
  });

  it('pre-authorises the Teams clients for that scope, so nobody is asked to consent', () => {
    const scopeId = registration.api.oauth2PermissionScopes[0]!.id;
    expect(teamsClients.api.preAuthorizedApplications).toEqual([
      { appId: teamsDesktopAndMobile, delegatedPermissionIds: [scopeId] },
      { appId: teamsWeb, delegatedPermissionIds: [scopeId] },
    ]);
  });

  it('declares an app role for every role Conduct seeds from Entra, and no other', () => {
    expect(registration.appRoles.map((role) => role.value).sort()).toEqual(Object.keys(entraAppRoles).sort());
    expect(new Set(Object.values(entraAppRoles))).toEqual(new Set(roles));
    expect(new Set(registration.appRoles.map((role) => role.id)).size).toBe(registration.appRoles.length);
    for (const role of registration.appRoles) {
      expect([role.value, role.allowedMemberTypes, role.isEnabled]).toEqual([role.value, ['User'], true]);
    }
  });

  it('asks Microsoft Graph for exactly the four application permissions the guide explains', () => {
    expect(registration.requiredResourceAccess).toHaveLength(1);
    const [graph] = registration.requiredResourceAccess;
    expect(graph!.resourceAppId).toBe(microsoftGraph);
    expect(graph!.resourceAccess.map((access) => [graphPermissions[access.id], access.type]).sort()).toEqual(
      Object.values(graphPermissions)
        .map((name) => [name, 'Role'])
        .sort(),
    );
    const guide = readFileSync(path.join(repoRoot, 'docs', 'deploy.md'), 'utf8');
    for (const name of Object.values(graphPermissions)) expect(guide).toContain(`| \`${name}\``);
  });
});
