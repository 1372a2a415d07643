import { readFileSync } from 'node:fs';
import { readCorpus } from '../../src/incidents';
import { matchPermission, notARequest } from '../../src/permissions/intent';
import { permissionModelFile, permissionModelText } from '../../scripts/train-permissions';

/**
 * Recognising a request for permission, measured on the held-out set (written before any tuning,
 * never read by it). The figures are in docs/BENCHMARKS.md; only aggregate figures are printed.
 */
describe('recognising a request for permission', () => {
  it('starts the right kind for most requests and rarely takes anything else for one (held-out set)', () => {
    const heldOut = readCorpus('test/permissions/corpus/held-out.jsonl');
    const requests = heldOut.filter((s) => s.label !== notARequest);
    const others = heldOut.filter((s) => s.label === notARequest);
    const right = requests.filter((s) => matchPermission(s.text).kind === s.label).length / requests.length;
    const falseStarts =
      others.filter((s) => matchPermission(s.text).kind !== undefined).length / others.length;
    process.stdout.write(
      `held-out: ${requests.length} requests, right kind ${(right * 100).toFixed(1)} %; ${others.length} others, taken as a request ${(falseStarts * 100).toFixed(1)} %\n`,
    );
    expect(right).toBeGreaterThanOrEqual(0.75);
    expect(falseStarts).toBeLessThanOrEqual(0.1);
  });

  it("recognises the issue's own examples", () => {
    expect(matchPermission('Can I install Zoom on my laptop?').kind).toBe('install_software');
    expect(matchPermission("I'd like to use my own iPad for school email").kind).toBe('personal_device');
    expect(matchPermission('I need to take the SEN files home to write reports').kind).toBe('data_off_site');
    expect(matchPermission('I think my laptop has a virus').kind).toBeUndefined();
  });

  it('is the model a fresh training gives (the committed file is not edited by hand)', () => {
    expect(readFileSync(permissionModelFile, 'utf8')).toBe(permissionModelText());
  }, 120_000);
});
