import { Badge, Button, Dropdown, Option, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, DocumentPdfRegular, PeopleRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ComplianceOverview, Counts, PolicyCompliance } from '../api/types';
import { ComplianceBar, ComplianceLegend, TrendChart } from '../components/charts';
import { DataTable } from '../components/data-table';
import { Grid, Muted, PageHeader, Section, Stack } from '../components/layout';
import { ReviewDueBanner } from '../components/policy-review';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { asApiError, useResource } from '../api/queries';
import { useApp, useHolds } from '../context';
import { formatDay, formatDayTime, formatNumber, formatPercent } from '../format';
import { useNotify } from '../notify';
import { audienceNames, policyManagerRoles } from '../roles';
import { Link, useRoute } from '../router';

const useStyles = makeStyles({
  headline: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalS },
  big: {
    fontSize: tokens.fontSizeHero800,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightHero800,
  },
  cardTitle: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  number: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  // A header cell lays its text out in a flex button, which text-align does not move.
  numberHeading: { justifyContent: 'flex-end' },
  filter: { minWidth: '14rem' },
});

export function OverviewPage() {
  const { api } = useApp();
  const notify = useNotify();
  const { query, navigate } = useRoute();
  const school = query.get('school') ?? '';
  const overview = useResource<ComplianceOverview>(
    `/api/compliance/overview${school ? `?school=${school}` : ''}`,
  );
  const styles = useStyles();
  const exportCsv = () =>
    api
      .download(`/api/compliance/export.csv${school ? `?school=${school}` : ''}`, 'compliance.csv')
      .catch((error: unknown) =>
        notify('error', 'The export could not be downloaded', asApiError(error).message),
      );
  const data = overview.data;
  return (
    <>
      <PageHeader
        title="Compliance"
        subtitle={
          data
            ? `The current version of each policy · figures as at ${formatDayTime(data.generatedAt)}`
            : 'The current version of each policy'
        }
        actions={
          <>
            {data && data.schools.length > 1 ? (
              <Dropdown
                className={styles.filter}
                aria-label="School"
                value={data.schools.find((s) => s.id === school)?.name ?? 'All schools'}
                selectedOptions={[school]}
                onOptionSelect={(_e, option) =>
                  navigate(`admin/overview${option.optionValue ? `?school=${option.optionValue}` : ''}`)
                }
              >
                <Option value="">All schools</Option>
                {data.schools.map((s) => (
                  <Option key={s.id} value={s.id}>
                    {s.name}
                  </Option>
                ))}
              </Dropdown>
            ) : null}
            <Button icon={<ArrowDownloadRegular />} onClick={() => void exportCsv()}>
              Download CSV
            </Button>
          </>
        }
      />
      {overview.error ? <ErrorState error={overview.error} retry={overview.reload} /> : null}
      {!data && overview.loading ? <LoadingState label="Counting signatures…" /> : null}
      {data ? <OverviewBody data={data} school={school} /> : null}
    </>
  );
}

function OverviewBody({ data, school }: { data: ComplianceOverview; school: string }) {
  const { navigate } = useRoute();
  const manages = useHolds(policyManagerRoles);
  if (data.policies.length === 0) {
    return (
      <EmptyState
        title="No policy has been published yet"
        action={
          manages ? (
            <Button appearance="primary" onClick={() => navigate('admin/policies')}>
              Go to policies
            </Button>
          ) : undefined
        }
      >
        Once a policy is published, everyone it applies to receives it in Teams and this page shows who has
        signed.
      </EmptyState>
    );
  }
  return (
    <Stack>
      <ReviewDueBanner due={data.reviewDue} />
      <Grid>
        {data.policies.map((policy) => (
          <PolicyCard key={policy.policyVersionId} policy={policy} school={school} />
        ))}
      </Grid>
    </Stack>
  );
}

function PolicyCard({ policy, school }: { policy: PolicyCompliance; school: string }) {
  const styles = useStyles();
  const { api } = useApp();
  const notify = useNotify();
  const titleId = `policy-${policy.policyVersionId}`;
  const outstandingLink = `admin/outstanding?version=${policy.policyVersionId}${school ? `&school=${school}` : ''}`;
  const evidence = () =>
    api
      .download(`/api/evidence/${policy.policyVersionId}.pdf`, 'evidence.pdf')
      .catch((error: unknown) =>
        notify('error', 'The evidence pack could not be downloaded', asApiError(error).message),
      );
  return (
    <Section
      labelledBy={titleId}
      title={
        <span className={styles.cardTitle}>
          {policy.title}
          <Badge appearance="outline">Version {policy.label}</Badge>
          {policy.pastReview ? (
            <Badge color="warning" appearance="filled">
              Review overdue
            </Badge>
          ) : null}
        </span>
      }
    >
      <div className={styles.headline}>
        <span className={styles.big}>{formatPercent(policy.totals.signed, policy.totals.eligible)}</span>
        <Muted>
          signed · {formatNumber(policy.totals.signed)} of {formatNumber(policy.totals.eligible)}{' '}
          {policy.audiences.map((a) => audienceNames[a].toLowerCase()).join(', ')}
        </Muted>
      </div>
      <ComplianceBar counts={policy.totals} label={policy.title} />
      <ComplianceLegend counts={policy.totals} />
      <TrendChart
        days={policy.trend.days}
        eligible={policy.totals.eligible}
        title={`Signatures on ${policy.title} since publication`}
      />
      <Muted size={200}>
        Published {policy.publishedAt ? formatDay(policy.publishedAt) : '—'} · next review{' '}
        {formatDay(policy.nextReviewDate)}
        {policy.trend.carriedOver > 0
          ? ` · ${formatNumber(policy.trend.carriedOver)} signatures carried over from the previous version`
          : ''}
      </Muted>
      <Breakdown
        caption="By school"
        rows={policy.bySchool.map((r) => ({ key: r.schoolId, name: r.name, counts: r }))}
      />
      {policy.byAudience.length > 1 ? (
        <Breakdown
          caption="By audience"
          rows={policy.byAudience.map((r) => ({
            key: r.audience,
            name: audienceNames[r.audience],
            counts: r,
          }))}
        />
      ) : null}
      <Breakdown
        caption="By department"
        rows={policy.byDepartment.map((r) => ({
          key: r.department ?? '(none)',
          name: r.department ?? 'Not recorded',
          counts: r,
        }))}
      />
      <div className={styles.actions}>
        <Link to={outstandingLink}>
          <PeopleRegular aria-hidden /> Who has not signed ({formatNumber(policy.totals.outstanding)})
        </Link>
        {policy.campaignId ? <Link to={`admin/campaigns/${policy.campaignId}`}>Campaign</Link> : null}
        <Button
          size="small"
          appearance="subtle"
          icon={<DocumentPdfRegular />}
          onClick={() => void evidence()}
        >
          Evidence pack
        </Button>
      </div>
    </Section>
  );
}

function Breakdown({
  caption,
  rows,
}: {
  caption: string;
  rows: { key: string; name: string; counts: Counts }[];
}) {
  const styles = useStyles();
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, 5);
  const figure = { className: styles.number, headerButtonClassName: styles.numberHeading };
  if (rows.length === 0) return null;
  return (
    <div>
      <DataTable
        label={caption}
        size="extra-small"
        rows={shown}
        rowKey={(row) => row.key}
        columns={[
          { header: caption, cell: (row) => row.name },
          {
            ...figure,
            header: 'Signed',
            cell: (row) => `${formatNumber(row.counts.signed)} / ${formatNumber(row.counts.eligible)}`,
          },
          { ...figure, header: 'Outstanding', cell: (row) => formatNumber(row.counts.outstanding) },
          {
            ...figure,
            header: 'Overdue',
            cell: (row) =>
              row.counts.overdue > 0 ? <Badge color="danger">{formatNumber(row.counts.overdue)}</Badge> : '0',
          },
        ]}
      />
      {rows.length > 5 ? (
        <Button size="small" appearance="transparent" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${rows.length}`}
        </Button>
      ) : null}
    </div>
  );
}
