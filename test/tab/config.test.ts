import { tabConfig } from '../../src/http/tab-config';

const appId = '0b8a4c6e-3f21-4d7a-9c55-1e2f3a4b5c6d';
const issuer = 'https://login.microsoftonline.com/72f988bf-0000-4000-8000-00000000c0de/v2.0';

describe('what the tab is told about signing in', () => {
  it("asks for Conduct's API scope on the Application ID URI when one is accepted", () => {
    const config = tabConfig({
      auth: { issuer, audiences: [`api://conduct.example.org/botid-${appId}`, appId] },
      bot: { appId, appPassword: 'secret', tenantId: 'tenant', trustedServiceUrls: [] },
    });
    expect(config.signIn).toEqual({
      issuer,
      clientId: appId,
      scopes: [`api://conduct.example.org/botid-${appId}/access_as_user`, 'openid', 'profile'],
    });
  });

  it('takes the app id from the accepted audiences when the bot has no registration (local development)', () => {
    const config = tabConfig({
      auth: { issuer, audiences: [appId] },
      bot: { appId: undefined, appPassword: undefined, tenantId: 'tenant', trustedServiceUrls: [] },
    });
    expect(config.signIn).toMatchObject({
      clientId: appId,
      scopes: [`${appId}/access_as_user`, 'openid', 'profile'],
    });
  });

  it('says sign-in is not set up without an issuer or an app', () => {
    const bot = { appId: undefined, appPassword: undefined, tenantId: undefined, trustedServiceUrls: [] };
    expect(tabConfig({ auth: { issuer: undefined, audiences: [appId] }, bot }).signIn).toBeNull();
    expect(
      tabConfig({ auth: { issuer, audiences: ['api://conduct.example.org/x'] }, bot }).signIn,
    ).toBeNull();
  });
});
