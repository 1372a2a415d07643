import { readFileSync } from 'node:fs';
import path from 'node:path';
import { entraAppRoles } from '../../src/directory/entra-roles';
import { roles } from '../../src/directory/model';
import { repoRoot } from '../support/devdb';

describe('Entra app roles', () => {
  it('map every app role the app registration declares to a Conduct role, and nothing else', () => {
    const registration = JSON.parse(
      readFileSync(path.join(repoRoot, 'infra', 'entra', 'app-registration.json'), 'utf8'),
    ) as { appRoles: { value: string }[] };
    expect(Object.keys(entraAppRoles).sort()).toEqual(registration.appRoles.map((role) => role.value).sort());
    expect(new Set(Object.values(entraAppRoles))).toEqual(new Set(roles));
  });
});
