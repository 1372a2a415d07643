import { Badge, Button } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { PolicyDetail, VersionSummary } from '../api/types';
import { DataTable } from '../components/data-table';
import { PageHeader, Section, Stack } from '../components/layout';
import { PolicyReview } from '../components/policy-review';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useChange, useResource } from '../api/queries';
import { useApp, useHolds } from '../context';
import { formatDay } from '../format';
import { audienceNames, policyManagerRoles } from '../roles';
import { Link, useRoute } from '../router';
import { VersionForm, blankVersion, type VersionFields } from './VersionForm';

export function PolicyPage({ policyId }: { policyId: string }) {
  const policy = useResource<PolicyDetail>(`/api/policies/${policyId}`);
  const manages = useHolds(policyManagerRoles);
  const { api } = useApp();
  const { navigate } = useRoute();
  const [adding, setAdding] = useState(false);
  // A new draft joins this policy's versions and the policy list's count of drafts.
  const addingVersion = useChange(
    (fields: VersionFields) => api.post<{ id: string }>(`/api/policies/${policyId}/versions`, fields),
    () => ['/api/policies'],
  );
  if (policy.error) return <ErrorState error={policy.error} retry={policy.reload} />;
  if (!policy.data) return <LoadingState label="Loading the policy…" />;
  const p = policy.data;
  return (
    <>
      <PageHeader
        title={p.title}
        subtitle={`For ${p.audiences.map((a) => audienceNames[a].toLowerCase()).join(', ')} · ${p.scope === 'trust' ? 'every school' : `${p.schoolIds.length} school${p.schoolIds.length === 1 ? '' : 's'}`} · owner ${p.owner.displayName ?? 'unknown'}`}
        actions={
          manages && !adding ? (
            <Button appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)}>
              New version
            </Button>
          ) : null
        }
      />
      <Stack>
        {adding ? (
          <Section title="New draft version">
            <VersionForm
              policyId={policyId}
              initial={blankVersion()}
              submitLabel="Save draft"
              onCancel={() => setAdding(false)}
              onSubmit={async (fields) => {
                // A refusal rejects, and the form shows it against its fields.
                const created = await addingVersion.mutateAsync(fields);
                navigate(`admin/policies/${policyId}/versions/${created.id}`);
              }}
            />
          </Section>
        ) : null}
        <PolicyReview policy={p} />
        <Section title="Versions">
          {p.versions.length === 0 ? (
            <EmptyState title="No version yet">
              Add the first version: its text, key points and dates. It stays a draft until you publish it.
            </EmptyState>
          ) : (
            <DataTable
              label="Versions"
              rows={p.versions}
              rowKey={(v) => v.id}
              columns={{
                Version: (v) => <Link to={`admin/policies/${policyId}/versions/${v.id}`}>{v.label}</Link>,
                Status: (v) => <VersionStatus version={v} />,
                Effective: (v) => formatDay(v.effectiveDate),
                'Next review': (v) => formatDay(v.nextReviewDate),
                Published: (v) => (v.publishedAt ? formatDay(v.publishedAt) : '—'),
                Change: (v) => (v.material ? 'Everyone signs again' : 'Signatures carry over'),
              }}
            />
          )}
        </Section>
      </Stack>
    </>
  );
}

export function VersionStatus({ version }: { version: Pick<VersionSummary, 'status' | 'isCurrent'> }) {
  if (version.isCurrent)
    return (
      <Badge color="success" appearance="filled">
        Current
      </Badge>
    );
  if (version.status === 'published') return <Badge appearance="outline">Replaced</Badge>;
  return (
    <Badge color="informative" appearance="tint">
      Draft
    </Badge>
  );
}
