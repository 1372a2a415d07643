import { Badge, Button, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import type { MyPolicies } from '../api/types';
import { DataTable } from '../components/data-table';
import { Grid, Muted, PageHeader, Section, Stack } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useResource } from '../api/queries';
import { formatDay, formatDayTime, formatRelative, isPast } from '../format';
import { useRoute } from '../router';

const useStyles = makeStyles({
  points: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
});

/** Everyone's own page: the policies waiting for their signature, and those they have signed. */
export function MyPoliciesPage() {
  const styles = useStyles();
  const { navigate, query } = useRoute();
  const mine = useResource<MyPolicies>('/api/my/policies');
  // A card's "Read the full policy" opens /tab/my-policies?version=…: go straight to that policy.
  // A policy read together with another opens as ?policy=…: its current version.
  const asked = query.get('version') ?? query.get('policy');
  const target = asked
    ? [...(mine.data?.outstanding ?? []), ...(mine.data?.signed ?? [])].find(
        (p) => p.policyVersionId === asked || p.policyId === asked,
      )
    : undefined;
  useEffect(() => {
    if (target) navigate(`my-policies/${target.policyId}/${target.policyVersionId}`, { replace: true });
  }, [navigate, target]);
  if (mine.error) return <ErrorState error={mine.error} retry={mine.reload} />;
  if (!mine.data) return <LoadingState label="Loading your policies…" />;
  const { outstanding, signed } = mine.data;
  return (
    <>
      <PageHeader title="My policies" subtitle="The school's ICT policies that apply to you" />
      <Stack>
        {asked && !target ? (
          <MessageBar intent="info">
            <MessageBarBody>
              The version in your link has been replaced by a newer one, or no longer applies to you. Your
              policies as they stand today are below.
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {outstanding.length === 0 ? (
          <EmptyState icon={<CheckmarkCircleRegular fontSize={40} aria-hidden />} title="You are up to date">
            {signed.length > 0
              ? 'You have signed every policy that applies to you.'
              : 'No policy asks for your signature at the moment.'}
          </EmptyState>
        ) : (
          <Grid>
            {outstanding.map((p) => (
              <Section
                key={p.policyVersionId}
                title={p.title}
                actions={
                  p.dueAt ? (
                    <Badge color={isPast(p.dueAt) ? 'danger' : 'warning'} appearance="tint">
                      {isPast(p.dueAt)
                        ? `Overdue since ${formatDay(p.dueAt)}`
                        : `Due ${formatRelative(p.dueAt)}`}
                    </Badge>
                  ) : undefined
                }
              >
                <Muted>Version {p.label} · in short:</Muted>
                <ul className={styles.points}>
                  {p.keyPoints.map((point) => (
                    <li key={point}>{point}</li>
                  ))}
                </ul>
                <div>
                  <Button
                    appearance="primary"
                    onClick={() => navigate(`my-policies/${p.policyId}/${p.policyVersionId}`)}
                  >
                    Read and sign
                  </Button>
                </div>
              </Section>
            ))}
          </Grid>
        )}
        {signed.length > 0 ? (
          <Section title="Signed">
            <DataTable
              label="Policies you have signed"
              rows={signed}
              rowKey={(p) => p.policyVersionId}
              columns={{
                Policy: (p) => p.title,
                Version: (p) => p.label,
                Signed: (p) => formatDayTime(p.signedAt),
                As: (p) => (
                  <>
                    {p.signedName}
                    {p.jobTitle ? `, ${p.jobTitle}` : ''}
                  </>
                ),
              }}
            />
          </Section>
        ) : null}
      </Stack>
    </>
  );
}
