import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, DocumentPdfRegular } from '@fluentui/react-icons';
import { useQueries } from '@tanstack/react-query';
import type { Page, PolicyDetail, PolicySummary } from '../api/types';
import { DataTable } from '../components/data-table';
import { Muted, PageHeader, Section, Stack } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { asApiError, queryKeyOf, useResource } from '../api/queries';
import { useApp, useHolds } from '../context';
import { formatDay } from '../format';
import { useNotify } from '../notify';
import { incidentRoles } from '../roles';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** What an inspector asks for: a signed-evidence pack per policy version, and the exports. */
export function EvidencePage() {
  const styles = useStyles();
  const { api } = useApp();
  const notify = useNotify();
  const seesIncidents = useHolds(incidentRoles);
  const policies = useResource<Page<PolicySummary>>('/api/policies');
  const published = (policies.data?.items ?? []).filter((p) => p.currentVersion);
  const detailQueries = useQueries({
    queries: published.map((p) => ({
      queryKey: queryKeyOf(`/api/policies/${p.id}`),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<PolicyDetail>(`/api/policies/${p.id}`, signal),
    })),
  });
  const detailsFailed = detailQueries.find((query) => query.error);
  const details = detailQueries.every((query) => query.data)
    ? detailQueries.map((query) => query.data!)
    : undefined;
  const download = (path: string, name: string) => () =>
    void api
      .download(path, name)
      .catch((error: unknown) =>
        notify('error', 'The file could not be downloaded', asApiError(error).message),
      );
  return (
    <>
      <PageHeader
        title="Evidence"
        subtitle="Who signed what, when, and with which name and job title – ready for an inspector"
      />
      <Stack>
        <Section title="Exports">
          <div className={styles.row}>
            <Button
              icon={<ArrowDownloadRegular />}
              onClick={download('/api/compliance/export.csv', 'compliance.csv')}
            >
              Compliance (CSV)
            </Button>
            {seesIncidents ? (
              <Button
                icon={<ArrowDownloadRegular />}
                onClick={download('/api/incidents/export.csv', 'incidents.csv')}
              >
                Incidents (CSV)
              </Button>
            ) : null}
          </div>
          <Muted size={200}>
            The compliance export has a line for each person and the current version of each policy that
            applies to them.
          </Muted>
        </Section>
        <Section title="Evidence packs">
          {policies.error ? <ErrorState error={policies.error} retry={policies.reload} /> : null}
          {detailsFailed ? (
            <ErrorState error={asApiError(detailsFailed.error)} retry={() => void detailsFailed.refetch()} />
          ) : null}
          {!policies.data || (published.length > 0 && !details && !detailsFailed) ? (
            <LoadingState label="Loading policies…" />
          ) : null}
          {policies.data && published.length === 0 ? (
            <EmptyState title="Nothing published yet">
              An evidence pack exists for each published version of a policy.
            </EmptyState>
          ) : null}
          {details && details.length > 0 ? (
            <DataTable
              label="Evidence packs"
              rows={details.flatMap((policy) =>
                policy.versions.filter((v) => v.status === 'published').map((v) => ({ policy, v })),
              )}
              rowKey={({ v }) => v.id}
              columns={{
                Policy: ({ policy }) => policy.title,
                Version: ({ v }) => (
                  <>
                    {v.label}
                    {v.isCurrent ? ' (current)' : ''}
                  </>
                ),
                Published: ({ v }) => (v.publishedAt ? formatDay(v.publishedAt) : '—'),
                Pack: ({ policy, v }) => (
                  <Button
                    size="small"
                    icon={<DocumentPdfRegular />}
                    onClick={download(`/api/evidence/${v.id}.pdf`, 'evidence.pdf')}
                    aria-label={`PDF evidence pack for ${policy.title} ${v.label}`}
                  >
                    PDF
                  </Button>
                ),
              }}
            />
          ) : null}
        </Section>
      </Stack>
    </>
  );
}
