import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useResource } from '../api/queries';
import type { PermissionRequestDetail } from '../api/types';
import { Grid, PageHeader, Section, Stack } from '../components/layout';
import { ErrorState, LoadingState } from '../components/states';
import { formatDayTime } from '../format';
import { Link } from '../router';
import { StatusBadge, lastDay } from './Permissions';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, whiteSpace: 'pre-wrap' },
  history: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  entry: { borderLeft: `3px solid ${tokens.colorBrandStroke1}`, paddingLeft: tokens.spacingHorizontalM },
  muted: { color: tokens.colorNeutralForeground2 },
});

function Facts({ rows }: { rows: readonly (readonly [string, string])[] }) {
  const styles = useStyles();
  return (
    <dl className={styles.facts}>
      {rows.map(([term, value]) => (
        <div key={term} style={{ display: 'contents' }}>
          <dt className={styles.term}>{term}</dt>
          <dd className={styles.value}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One request of the register: what was asked, the decision with its reason and conditions, and its history. */
export function PermissionRequestPage({ requestId }: { requestId: string }) {
  const styles = useStyles();
  const detail = useResource<PermissionRequestDetail>(`/api/permissions/${requestId}`);
  if (detail.error) return <ErrorState error={detail.error} retry={detail.reload} />;
  if (!detail.data) return <LoadingState label="Loading the request…" />;
  const { request, history } = detail.data;
  const decision = request.decision;
  return (
    <>
      <PageHeader
        title={`${request.reference}: ${request.kindLabel}`}
        subtitle={
          <>
            <StatusBadge status={request.status} /> Asked by {request.requesterName}
            {request.schoolName ? ` (${request.schoolName})` : ''} on {formatDayTime(request.requestedAt)}
          </>
        }
        actions={<Link to="admin/permissions">Back to the register</Link>}
      />
      <Stack>
        <Grid>
          <Section title="What was asked" labelledBy="asked">
            <Facts
              rows={[
                ...request.answers.map((answer) => [answer.label, answer.value] as const),
                ['Who decides', request.approvers],
              ]}
            />
          </Section>
          <Section title="Decision" labelledBy="decision">
            {decision ? (
              <Facts
                rows={[
                  ['Outcome', decision.outcomeLabel],
                  ['Reason', decision.reason],
                  ...(decision.conditions ? [['Conditions', decision.conditions] as const] : []),
                  ['By', decision.byName],
                  ['On', formatDayTime(decision.at)],
                  ...(request.endsAt ? [['Last day', lastDay(request.endsAt)] as const] : []),
                ]}
              />
            ) : (
              <Text className={styles.muted}>Not decided yet: waiting for the {request.approvers}.</Text>
            )}
          </Section>
        </Grid>
        <Section title="History" labelledBy="history">
          <ol className={styles.history}>
            {history.map((entry, index) => (
              <li key={index} className={styles.entry}>
                <Text weight="semibold">{entry.what}</Text>
                <br />
                <Text className={styles.muted}>
                  {formatDayTime(entry.at)}
                  {entry.byName ? ` · ${entry.byName}` : ''}
                </Text>
              </li>
            ))}
          </ol>
        </Section>
      </Stack>
    </>
  );
}
