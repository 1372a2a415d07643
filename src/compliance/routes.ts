import { parseInput } from '../directory/input';
import { actorOf, type Route } from '../http/server';
import type { Models } from '../store/models';
import { complianceReaders } from './access';
import { dayKey } from './dates';
import { sendCsv, sendDocument } from './download';
import { evidencePack } from './evidence';
import { renderEvidencePdf } from './evidence-pdf';
import { complianceColumns, complianceRows } from './export';
import { incidentColumns, incidentExportQueryInput, incidentRows } from './incidents-export';
import { incidentViewerRoles } from '../incidents/access';
import { exportQueryInput, outstandingQueryInput, overviewQueryInput, versionParams } from './input';
import { allOutstanding, listOutstanding, type OutstandingPerson } from './outstanding';
import { complianceOverview } from './overview';

export interface ComplianceRouteDeps {
  readonly models: Models;
  /** The time zone dates are shown and days are counted in (TIME_ZONE). */
  readonly timeZone: string;
  readonly now?: () => Date;
}

type OutstandingLine = Record<
  'name' | 'email' | 'jobTitle' | 'department' | 'schools' | 'audiences' | 'dueBy' | 'overdue' | 'card',
  string
>;

const outstandingColumns: { key: keyof OutstandingLine; header: string }[] = [
  { key: 'name', header: 'Name' },
  { key: 'email', header: 'Email' },
  { key: 'jobTitle', header: 'Job title' },
  { key: 'department', header: 'Department' },
  { key: 'schools', header: 'Schools' },
  { key: 'audiences', header: 'As' },
  { key: 'dueBy', header: 'Due by' },
  { key: 'overdue', header: 'Overdue' },
  { key: 'card', header: 'Card' },
];

/** The compliance API: the overview, who is outstanding, the evidence pack and the exports (compliance and incidents). */
export function complianceRoutes(deps: ComplianceRouteDeps): Route[] {
  const { models, timeZone } = deps;
  const now = deps.now ?? (() => new Date());
  const access = { roles: complianceReaders };
  const today = (): string => dayKey(now(), timeZone);
  return [
    {
      method: 'get',
      path: '/api/compliance/overview',
      access,
      handle: async (req, res, context) => {
        const query = parseInput(overviewQueryInput, req.query);
        res.send(200, await complianceOverview(models, actorOf(context), query, { now: now(), timeZone }));
      },
    },
    {
      method: 'get',
      path: '/api/compliance/outstanding',
      access,
      handle: async (req, res, context) => {
        const query = parseInput(outstandingQueryInput, req.query);
        if (query.format === 'json') {
          res.send(200, await listOutstanding(models, actorOf(context), query, now()));
          return;
        }
        const { policy, items } = await allOutstanding(models, actorOf(context), query, now());
        const lines = items.map((item) => outstandingLine(item, timeZone));
        await sendCsv(
          res,
          `outstanding-${policy.title}-${policy.label}-${today()}.csv`,
          outstandingColumns,
          lines,
        );
      },
    },
    {
      method: 'get',
      path: '/api/compliance/export.csv',
      access,
      handle: async (req, res, context) => {
        const query = parseInput(exportQueryInput, req.query);
        const rows = await complianceRows(models, actorOf(context), query, { now: now(), timeZone });
        await sendCsv(res, `compliance-${today()}.csv`, complianceColumns, rows);
      },
    },
    {
      method: 'get',
      path: '/api/incidents/export.csv',
      access: { roles: incidentViewerRoles },
      handle: async (req, res, context) => {
        const query = parseInput(incidentExportQueryInput, req.query);
        const rows = await incidentRows(models, actorOf(context), query, { now: now(), timeZone });
        await sendCsv(res, `incidents-${today()}.csv`, incidentColumns, rows);
      },
    },
    {
      method: 'get',
      path: '/api/evidence/:policyVersionId.pdf',
      access,
      handle: async (req, res, context) => {
        const { policyVersionId } = parseInput(versionParams, req.params);
        const pack = await evidencePack(models, actorOf(context), policyVersionId, now());
        const filename = `evidence-${pack.title}-${pack.label}-${today()}.pdf`;
        await sendDocument(res, 'application/pdf', filename, renderEvidencePdf(pack, timeZone));
      },
    },
  ];
}

function outstandingLine(item: OutstandingPerson, timeZone: string): OutstandingLine {
  return {
    name: item.displayName,
    email: item.email ?? '',
    jobTitle: item.jobTitle ?? '',
    department: item.department ?? '',
    schools: item.schools.map((s) => s.name).join('; '),
    audiences: item.audiences.join('; '),
    dueBy: new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'short' }).format(item.dueAt),
    overdue: item.overdue ? 'Yes' : 'No',
    card: item.delivery ? item.delivery.status : 'not sent',
  };
}
