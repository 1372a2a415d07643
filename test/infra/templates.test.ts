import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/devdb';
import { azureDir, moduleUses, objectVariable, paramDeclarations, readBicep } from './bicep';

const templates = ['main.bicep', ...readdirSync(path.join(azureDir, 'modules')).map((f) => `modules/${f}`)];

describe('the Bicep templates (checked here; compiled by .github/workflows/bicep.yml)', () => {
  it.each(templates)('%s passes each module exactly the parameters it declares', (file) => {
    for (const use of moduleUses(readBicep(file))) {
      const target = path.join(path.dirname(file), use.file);
      expect(existsSync(path.join(azureDir, target))).toBe(true);
      const declared = paramDeclarations(readBicep(target));
      expect(use.params.filter((name) => !declared.some((p) => p.name === name))).toEqual([]);
      const required = declared.filter((p) => p.defaultValue === undefined).map((p) => p.name);
      expect(required.filter((name) => !use.params.includes(name))).toEqual([]);
    }
  });

  it('main.bicepparam sets every required parameter, and only real ones', () => {
    const declared = paramDeclarations(readBicep('main.bicep'));
    const set = [...readBicep('main.bicepparam').matchAll(/^param (\w+) =/gm)].map((m) => m[1]!);
    expect(set.filter((name) => !declared.some((p) => p.name === name))).toEqual([]);
    const required = declared.filter((p) => p.defaultValue === undefined).map((p) => p.name);
    expect(required.filter((name) => !set.includes(name))).toEqual([]);
  });

  it('points the bot at /api/messages and the platform health check at /healthz', () => {
    expect(readBicep('main.bicep')).toMatch(/endpoint: 'https:\/\/\$\{publicHost\}\/api\/messages'/);
    expect(readBicep('modules/bot.bicep')).toMatch(/msaAppType: 'SingleTenant'/);
    expect(readBicep('modules/bot.bicep')).toMatch(/channelName: 'MsTeamsChannel'/);
    expect(readBicep('modules/app-service.bicep')).toMatch(/healthCheckPath: '\/healthz'/);
  });

  it('starts the web app the way package.json does', () => {
    const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const start = packageJson.scripts.start;
    expect(readBicep('modules/app-service.bicep')).toContain(`appCommandLine: '${start}'`);
  });

  it("keeps platform settings apart from Conduct's own", () => {
    const platform = objectVariable(readBicep('modules/app-service.bicep'), 'platformSettings');
    expect([...platform.keys()]).toContain('APPLICATIONINSIGHTS_CONNECTION_STRING');
    const conduct = objectVariable(readBicep('main.bicep'), 'conductSettings');
    expect([...platform.keys()].filter((key) => conduct.has(key))).toEqual([]);
  });

  it('is compiled by CI: every template and the parameters file', () => {
    const workflow = readFileSync(path.join(repoRoot, '.github', 'workflows', 'bicep.yml'), 'utf8');
    expect(workflow).toContain('az bicep build --file "$file"');
    expect(workflow).toContain('infra/azure/main.bicep infra/azure/modules/*.bicep');
    expect(workflow).toContain('az bicep build-params --file infra/azure/main.bicepparam');
    expect(workflow).not.toMatch(/secrets\./);
  });
});
