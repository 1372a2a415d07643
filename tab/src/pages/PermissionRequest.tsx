import { useResource } from '../api/queries';
import type { PermissionRequestDetail } from '../api/types';
import { Fact, Facts, Timeline } from '../components/facts';
import { Grid, Muted, PageHeader, Section, Stack } from '../components/layout';
import { ErrorState, LoadingState } from '../components/states';
import { formatDayTime } from '../format';
import { Link } from '../router';
import { StatusBadge, lastDay } from './Permissions';

/** One request of the register: what was asked, the decision with its reason and conditions, and its history. */
export function PermissionRequestPage({ requestId }: { requestId: string }) {
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
            <Facts>
              {request.answers.map((answer) => (
                <Fact key={answer.label} term={answer.label}>
                  {answer.value}
                </Fact>
              ))}
              <Fact term="Who decides">{request.approvers}</Fact>
            </Facts>
          </Section>
          <Section title="Decision" labelledBy="decision">
            {decision ? (
              <Facts>
                <Fact term="Outcome">{decision.outcomeLabel}</Fact>
                <Fact term="Reason">{decision.reason}</Fact>
                {decision.conditions ? <Fact term="Conditions">{decision.conditions}</Fact> : null}
                <Fact term="By">{decision.byName}</Fact>
                <Fact term="On">{formatDayTime(decision.at)}</Fact>
                {request.endsAt ? <Fact term="Last day">{lastDay(request.endsAt)}</Fact> : null}
              </Facts>
            ) : (
              <Muted>Not decided yet: waiting for the {request.approvers}.</Muted>
            )}
          </Section>
        </Grid>
        <Section title="History" labelledBy="history">
          <Timeline
            entries={history.map((entry) => ({ label: entry.what, at: entry.at, by: entry.byName }))}
          />
        </Section>
      </Stack>
    </>
  );
}
