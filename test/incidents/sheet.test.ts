import { incidentSheet } from '../../src/incidents/sheet';
import type { IncidentDetailView } from '../../src/incidents/views';
import { pdfText } from './pdf-text';

const name = "Zoë Ó'Brien – Łódź";
const at = new Date('2026-11-23T10:00:00Z');

const view: IncidentDetailView = {
  id: '1',
  reference: 'INC-2026-0042',
  type: 'inadvertent_access',
  typeLabel: 'Inappropriate material seen',
  status: 'in_progress',
  restricted: false,
  schoolId: null,
  schoolName: 'Szkoła Łąkowa',
  reporterName: name,
  ownerName: 'Olu Online',
  reportedAt: at,
  escalatedAt: null,
  breach: null,
  urgency: null,
  reporter: { id: '2', name, jobTitle: 'Teacher of Polish' },
  owner: { id: '3', name: 'Olu Online' },
  awareAt: null,
  closedAt: null,
  relatedReference: null,
  fields: [{ key: 'what', label: 'What was shown', value: 'A clip titled «Ærø» 🙈' }],
  sealed: null,
  breachDetail: null,
  outcome: null,
  timeline: [
    { at, by: name, what: 'reported', label: 'Reported', note: null },
    { at, by: null, what: 'notified', label: 'People told', note: 'Online safety officer: 1 told' },
    { at, by: 'Olu Online', what: 'status:in_progress', label: 'Status: In progress', note: null },
  ],
  allowed: { claim: false, changeStatus: [], comment: true, breachDecision: false },
};

const render = (): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const doc = incidentSheet(view, { timeZone: 'Europe/London', printedBy: name, printedAt: at });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

describe('the incident sheet', () => {
  it('prints names in any alphabet exactly, with the font the evidence pack embeds', async () => {
    const pdf = await render();
    const text = pdfText(pdf);
    expect(text).toContain(name);
    expect(text).toContain('Szkoła Łąkowa');
    expect(text).toContain(`Printed by ${name}`);
    expect(text).toContain('«Ærø»');
    expect(text).not.toContain('?');
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans\b/);
  });

  it("says each step and each role in people's words, not as ids", async () => {
    const text = pdfText(await render());
    expect(text).toContain('Status: In progress');
    expect(text).toContain('In progress');
    expect(text).toContain('Online safety officer: 1 told');
    expect(text).toContain('People told');
    expect(text).not.toMatch(/in_progress|online_safety_officer|status:/);
  });
});
