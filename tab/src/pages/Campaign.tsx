import { Badge, Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { Campaign, CampaignDelivery, DeliveryStatus, Page } from '../api/types';
import { DataTable } from '../components/data-table';
import { Choice, Pager } from '../components/filters';
import { Grid, Muted, PageHeader, Section, Stack } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useChange, useResource } from '../api/queries';
import { useApp, useHolds } from '../context';
import { formatDayTime, formatNumber, plural } from '../format';
import { useNotify } from '../notify';
import { policyManagerRoles } from '../roles';
import { Link } from '../router';

const useStyles = makeStyles({
  stat: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  value: {
    fontSize: tokens.fontSizeHero700,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightHero700,
  },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
});

const statusNames: Record<DeliveryStatus, string> = {
  pending: 'Waiting',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  blocked: 'Blocked',
  withdrawn: 'Withdrawn',
};
const statusColour: Partial<Record<DeliveryStatus, 'danger' | 'warning' | 'success' | 'informative'>> = {
  failed: 'danger',
  blocked: 'warning',
  sent: 'success',
  pending: 'informative',
  sending: 'informative',
};

/** Following a campaign: how many cards went, which failed or were blocked and why, and resending. */
export function CampaignPage({ campaignId }: { campaignId: string }) {
  const styles = useStyles();
  const campaign = useResource<Campaign>(`/api/campaigns/${campaignId}`);
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [page, setPage] = useState(1);
  const deliveries = useResource<Page<CampaignDelivery>>(
    `/api/campaigns/${campaignId}/deliveries?page=${page}${status ? `&status=${status}` : ''}`,
  );
  if (campaign.error) return <ErrorState error={campaign.error} retry={campaign.reload} />;
  if (!campaign.data) return <LoadingState label="Loading the campaign…" />;
  const c = campaign.data;
  const reload = () => {
    campaign.reload();
    deliveries.reload();
  };
  const total = Object.values(c.counts).reduce((sum, n) => sum + n, 0);
  return (
    <>
      <PageHeader
        title="Campaign"
        subtitle={
          <>
            Started {formatDayTime(c.startedAt)} · {c.status === 'running' ? 'running' : 'finished'} ·{' '}
            <Link to={`admin/policies/${c.policyId}/versions/${c.policyVersionId}`}>
              the version it sends
            </Link>
          </>
        }
        actions={
          <Button icon={<ArrowClockwiseRegular />} onClick={reload}>
            Refresh
          </Button>
        }
      />
      <Stack>
        <Grid>
          <Stat label="Cards sent" value={c.counts.sent} of={total} />
          <Stat label="Signed" value={c.signed} of={total} />
          <Stat label="Waiting to send" value={c.counts.pending + c.counts.sending} />
          <Stat label="Failed" value={c.counts.failed} />
          <Stat label="Blocked the bot" value={c.counts.blocked} />
        </Grid>
        <Section
          title="Cards"
          actions={
            <div className={styles.bar}>
              <Choice
                label="Show"
                value={status}
                options={{ '': 'All', ...statusNames }}
                onChange={(shown) => {
                  setStatus(shown as DeliveryStatus | '');
                  setPage(1);
                }}
              />
              <ResendButton campaign={c} status="failed" />
              <ResendButton campaign={c} status="blocked" />
            </div>
          }
        >
          {deliveries.error ? <ErrorState error={deliveries.error} retry={deliveries.reload} /> : null}
          {!deliveries.data && deliveries.loading ? <LoadingState label="Loading cards…" /> : null}
          {deliveries.data && deliveries.data.items.length === 0 ? (
            <EmptyState title="No cards here">No card has this status.</EmptyState>
          ) : null}
          {deliveries.data && deliveries.data.items.length > 0 ? (
            <>
              <DataTable
                label="Cards of this campaign"
                rows={deliveries.data.items}
                rowKey={(d) => d.personId}
                columns={{
                  Person: (d) => d.displayName,
                  Status: (d) => (
                    <Badge appearance="tint" color={statusColour[d.status] ?? 'subtle'}>
                      {statusNames[d.status]}
                    </Badge>
                  ),
                  Sent: (d) => (d.sentAt ? formatDayTime(d.sentAt) : '—'),
                  Signed: (d) => (d.signedAt ? formatDayTime(d.signedAt) : '—'),
                  'Why not sent': (d) => d.lastError ?? '',
                }}
              />
              <Pager of={deliveries.data} onPage={setPage} />
            </>
          ) : null}
        </Section>
      </Stack>
    </>
  );
}

function Stat({ label, value, of }: { label: string; value: number; of?: number }) {
  const styles = useStyles();
  return (
    <Section>
      <div className={styles.stat}>
        <Muted>{label}</Muted>
        <span className={styles.value}>{formatNumber(value)}</span>
        {of !== undefined ? <Muted>of {formatNumber(of)}</Muted> : null}
      </div>
    </Section>
  );
}

function ResendButton({ campaign, status }: { campaign: Campaign; status: 'failed' | 'blocked' }) {
  const { api } = useApp();
  const notify = useNotify();
  const manages = useHolds(policyManagerRoles);
  const resending = useChange(
    () => api.post<{ requeued: number }>(`/api/campaigns/${campaign.id}/resend`, { status }),
    () => [`/api/campaigns/${campaign.id}`],
  );
  if (!manages || campaign.status !== 'running' || campaign.counts[status] === 0) return null;
  const resend = () =>
    resending.mutate(undefined, {
      onSuccess: ({ requeued }) => notify('success', `${plural(requeued, 'card')} queued to send again`),
      onError: (error) => notify('error', 'The cards could not be queued again', error.message),
    });
  return (
    <Button disabled={resending.isPending} onClick={resend}>
      Resend to {status} ({formatNumber(campaign.counts[status])})
    </Button>
  );
}
