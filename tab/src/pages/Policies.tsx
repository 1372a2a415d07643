import { Badge, Button, Checkbox, Field, Input, Radio, RadioGroup } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ApiError } from '../api/client';
import type { Audience, Page, PolicySummary, SchoolView } from '../api/types';
import { ActionDialog } from '../components/action-dialog';
import { DataTable } from '../components/data-table';
import { PageHeader, Section, useFormStyles } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useChange, useResource } from '../api/queries';
import { useApp, useHolds } from '../context';
import { formatDay } from '../format';
import { audienceNames, policyManagerRoles } from '../roles';
import { Link, useRoute } from '../router';
import { fieldError } from './form';

export function PoliciesPage() {
  const policies = useResource<Page<PolicySummary>>('/api/policies');
  const schools = useResource<{ items: SchoolView[] }>('/api/schools');
  const manages = useHolds(policyManagerRoles);
  const [creating, setCreating] = useState(false);
  const schoolName = new Map((schools.data?.items ?? []).map((s) => [s.id, s.name]));
  return (
    <>
      <PageHeader
        title="Policies"
        subtitle="The trust's ICT policies, their versions and who they are for"
        actions={
          manages ? (
            <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
              New policy
            </Button>
          ) : null
        }
      />
      {policies.error ? <ErrorState error={policies.error} retry={policies.reload} /> : null}
      {!policies.data && policies.loading ? <LoadingState label="Loading policies…" /> : null}
      {policies.data && policies.data.items.length === 0 ? (
        <EmptyState
          title="There are no policies yet"
          action={
            manages ? (
              <Button appearance="primary" onClick={() => setCreating(true)}>
                Add the first policy
              </Button>
            ) : undefined
          }
        >
          Add a policy, import its text from a Word document, preview the card staff will see, then publish
          it.
        </EmptyState>
      ) : null}
      {policies.data && policies.data.items.length > 0 ? (
        <Section>
          <DataTable
            label="Policies"
            rows={policies.data.items}
            rowKey={(p) => p.id}
            columns={{
              Policy: (p) => <Link to={`admin/policies/${p.id}`}>{p.title}</Link>,
              For: (p) => p.audiences.map((a) => audienceNames[a]).join(', '),
              Schools: (p) =>
                p.scope === 'trust'
                  ? 'Every school'
                  : p.schoolIds.map((id) => schoolName.get(id) ?? 'a school').join(', '),
              'Current version': (p) =>
                p.currentVersion ? (
                  `${p.currentVersion.label}${p.currentVersion.publishedAt ? `, published ${formatDay(p.currentVersion.publishedAt)}` : ''}`
                ) : (
                  <Badge appearance="outline">Not published</Badge>
                ),
              'Next review': (p) => (
                <>
                  {p.nextReviewDate ? formatDay(p.nextReviewDate) : '—'}{' '}
                  {p.overdueForReview ? (
                    <Badge color="warning" appearance="filled">
                      Overdue
                    </Badge>
                  ) : null}
                </>
              ),
              Drafts: (p) => p.draftVersions,
            }}
          />
        </Section>
      ) : null}
      {creating ? (
        <NewPolicyDialog schools={schools.data?.items ?? []} onClose={() => setCreating(false)} />
      ) : null}
    </>
  );
}

function NewPolicyDialog({ schools, onClose }: { schools: SchoolView[]; onClose: () => void }) {
  const form = useFormStyles();
  const { api } = useApp();
  const { navigate } = useRoute();
  const [title, setTitle] = useState('');
  const [audiences, setAudiences] = useState<Audience[]>(['staff']);
  const [scope, setScope] = useState<'trust' | 'schools'>('trust');
  const [schoolIds, setSchoolIds] = useState<string[]>([]);
  const [error, setError] = useState<ApiError>();
  // A new policy joins the list (and the pages that list policies, such as the evidence packs).
  const creating = useChange(
    (policy: { title: string; audiences: Audience[]; scope: 'trust' | 'schools'; schoolIds?: string[] }) =>
      api.post<{ id: string }>('/api/policies', policy),
    () => ['/api/policies'],
  );
  const create = () =>
    creating.mutate(
      { title, audiences, scope, ...(scope === 'schools' ? { schoolIds } : {}) },
      {
        onSuccess: (created) => navigate(`admin/policies/${created.id}`),
        onError: setError,
      },
    );
  const flip = <T,>(list: T[], item: T): T[] =>
    list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  return (
    <ActionDialog
      onClose={onClose}
      title="New policy"
      className={form.fields}
      actions={
        <Button appearance="primary" disabled={creating.isPending} onClick={create}>
          Create policy
        </Button>
      }
    >
      <Field label="Title" required {...fieldError(error, 'title')}>
        <Input
          value={title}
          onChange={(_e, d) => setTitle(d.value)}
          placeholder="Acceptable Use Policy – staff"
        />
      </Field>
      <Field label="Who must sign it" {...fieldError(error, 'audiences')}>
        <div className={form.options}>
          {(Object.keys(audienceNames) as Audience[]).map((a) => (
            <Checkbox
              key={a}
              label={audienceNames[a]}
              checked={audiences.includes(a)}
              onChange={() => setAudiences(flip(audiences, a))}
            />
          ))}
        </div>
      </Field>
      <Field label="Schools" {...fieldError(error, 'schoolIds')}>
        <RadioGroup value={scope} onChange={(_e, d) => setScope(d.value as 'trust' | 'schools')}>
          <Radio value="trust" label="Every school of the trust" />
          <Radio value="schools" label="Only some schools" />
        </RadioGroup>
        {scope === 'schools' ? (
          <div className={form.options}>
            {schools.map((s) => (
              <Checkbox
                key={s.id}
                label={s.name}
                checked={schoolIds.includes(s.id)}
                onChange={() => setSchoolIds(flip(schoolIds, s.id))}
              />
            ))}
          </div>
        ) : null}
      </Field>
      {error && error.details.length === 0 ? <ErrorState error={error} /> : null}
    </ActionDialog>
  );
}
