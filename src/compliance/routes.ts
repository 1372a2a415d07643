import { route, type ContractRoute } from '../http/define';
import type { Models } from '../store/models';
import { dayKey, formatDay } from '../shared/time';
import { csvReply, documentReply } from './download';
import { evidencePack } from './evidence';
import { complianceContracts as api } from './contract';
import { complianceColumns, complianceRows, personColumns } from './export';
import { incidentColumns, incidentRows } from './incidents-export';
import { allOutstanding, listOutstanding, type OutstandingPerson } from './outstanding';
import { complianceOverview } from './overview';

export interface ComplianceRouteDeps {
  readonly models: Models;
  /** The time zone dates are shown and days are counted in (TIME_ZONE). */
  readonly timeZone: string;
  readonly now?: () => Date;
  /** How near a policy's next review counts as due (POLICY_REVIEW_NOTICE_DAYS; default 30). */
  readonly reviewNoticeDays?: number;
}

type OutstandingLine = Record<
  'name' | 'email' | 'jobTitle' | 'department' | 'schools' | 'audiences' | 'dueBy' | 'overdue' | 'card',
  string
>;

const outstandingColumns: { key: keyof OutstandingLine; header: string }[] = [
  ...personColumns,
  { key: 'dueBy', header: 'Due by' },
  { key: 'overdue', header: 'Overdue' },
  { key: 'card', header: 'Card' },
];

/** The compliance API: the overview, who is outstanding, the evidence pack and the exports (compliance and incidents). */
export function complianceRoutes(deps: ComplianceRouteDeps): ContractRoute[] {
  const { models, timeZone } = deps;
  const now = deps.now ?? (() => new Date());
  const today = (): string => dayKey(now(), timeZone);
  return [
    route(api.overview, {
      reply: async ({ actor, query }) => {
        return {
          status: 200,
          body: await complianceOverview(models, actor, query, {
            now: now(),
            timeZone,
            ...(deps.reviewNoticeDays === undefined ? {} : { reviewNoticeDays: deps.reviewNoticeDays }),
          }),
        };
      },
    }),
    route(api.outstanding, {
      reply: async ({ actor, query }) => {
        if (query.format === 'json') {
          return { status: 200, body: await listOutstanding(models, actor, query, { now: now(), timeZone }) };
        }
        const { policy, items } = await allOutstanding(models, actor, query, { now: now(), timeZone });
        const lines = items.map((item) => outstandingLine(item, timeZone));
        const filename = `outstanding-${policy.title}-${policy.label}-${today()}.csv`;
        return csvReply(filename, outstandingColumns, lines);
      },
    }),
    route(api.exportCsv, {
      reply: async ({ actor, query }) => {
        const rows = await complianceRows(models, actor, query, { now: now(), timeZone });
        return csvReply(`compliance-${today()}.csv`, complianceColumns, rows);
      },
    }),
    route(api.exportIncidents, {
      reply: async ({ actor, query }) => {
        const rows = await incidentRows(models, actor, query, { now: now(), timeZone });
        return csvReply(`incidents-${today()}.csv`, incidentColumns, rows);
      },
    }),
    route(api.evidence, {
      reply: async ({ actor, params }) => {
        const pack = await evidencePack(models, actor, params.policyVersionId, { now: now(), timeZone });
        const filename = `evidence-${pack.title}-${pack.label}-${today()}.pdf`;
        // pdfkit is loaded by the first evidence pack, not at start (few requests need it).
        const { renderEvidencePdf } = await import('./evidence-pdf');
        return documentReply('application/pdf', filename, renderEvidencePdf(pack, timeZone));
      },
    }),
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
    dueBy: formatDay(item.dueAt, timeZone),
    overdue: item.overdue ? 'Yes' : 'No',
    card: item.delivery ? item.delivery.status : 'not sent',
  };
}
