import { Button, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentPdfRegular, SendRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ApiError } from '../api/client';
import type { Version } from '../api/types';
import { ActionDialog } from '../components/action-dialog';
import { Fact, Facts } from '../components/facts';
import { CardPreview, PolicyText } from '../components/lazy';
import { PageHeader, Section, Stack } from '../components/layout';
import { ErrorState, LoadingState } from '../components/states';
import { asApiError, useChange, useResource } from '../api/queries';
import { useApp, useHolds } from '../context';
import { formatDay, formatDayTime } from '../format';
import { useNotify } from '../notify';
import { policyManagerRoles } from '../roles';
import { Link, useRoute } from '../router';
import { VersionStatus } from './Policy';
import { VersionForm, fieldsOf, type VersionFields } from './VersionForm';

const useStyles = makeStyles({
  hash: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', margin: 0 },
  points: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export function VersionPage({ policyId, versionId }: { policyId: string; versionId: string }) {
  const styles = useStyles();
  const version = useResource<Version>(`/api/policies/${policyId}/versions/${versionId}`);
  const manages = useHolds(policyManagerRoles);
  const [editing, setEditing] = useState(false);
  const [view, setView] = useState<'card' | 'text'>('card');
  const { api } = useApp();
  const notify = useNotify();
  // Saving a draft changes this version, its card preview and the policy's list of versions.
  const saving = useChange(
    (fields: VersionFields) => api.patch(`/api/policies/${policyId}/versions/${versionId}`, fields),
    () => [`/api/policies/${policyId}`],
  );
  if (version.error) return <ErrorState error={version.error} retry={version.reload} />;
  if (!version.data) return <LoadingState label="Loading the version…" />;
  const v = version.data;
  const draft = v.status === 'draft';
  return (
    <>
      <PageHeader
        title={`Version ${v.label}`}
        subtitle={
          <>
            <Link to={`admin/policies/${policyId}`}>Back to the policy</Link> · <VersionStatus version={v} />
          </>
        }
        actions={
          draft && manages ? (
            <>
              <Button onClick={() => setEditing(!editing)}>{editing ? 'Stop editing' : 'Edit draft'}</Button>
              <PublishButton policyId={policyId} version={v} />
            </>
          ) : !draft ? (
            <Button
              icon={<DocumentPdfRegular />}
              onClick={() =>
                void api
                  .download(`/api/evidence/${v.id}.pdf`, 'evidence.pdf')
                  .catch((error: unknown) =>
                    notify('error', 'The evidence pack could not be downloaded', asApiError(error).message),
                  )
              }
            >
              Evidence pack
            </Button>
          ) : null
        }
      />
      <Stack>
        {editing ? (
          <Section title="Edit the draft">
            <VersionForm
              policyId={policyId}
              initial={fieldsOf(v)}
              submitLabel="Save changes"
              onCancel={() => setEditing(false)}
              onSubmit={async (fields) => {
                // A refusal rejects, and the form shows it against its fields.
                await saving.mutateAsync(fields);
                notify('success', 'Draft saved');
                setEditing(false);
              }}
            />
          </Section>
        ) : null}
        <Section title="About this version">
          <Facts>
            <Fact term="Effective from">{formatDay(v.effectiveDate)}</Fact>
            <Fact term="Next review">{formatDay(v.nextReviewDate)}</Fact>
            <Fact term="Days to sign">{v.dueDays}</Fact>
            <Fact term="Change">
              {v.material ? 'Material: everyone signs again' : 'Not material: earlier signatures still count'}
            </Fact>
            {v.publishedAt ? <Fact term="Published">{formatDayTime(v.publishedAt)}</Fact> : null}
            {v.contentHash ? (
              <Fact term="Fingerprint">
                <code className={styles.hash}>{v.contentHash}</code>
              </Fact>
            ) : null}
          </Facts>
        </Section>
        <Section
          title="As staff will see it"
          actions={
            <TabList
              size="small"
              selectedValue={view}
              onTabSelect={(_e, d) => setView(d.value as 'card' | 'text')}
            >
              <Tab value="card">Card in Teams</Tab>
              <Tab value="text">Full text</Tab>
            </TabList>
          }
        >
          {view === 'card' ? (
            <Preview key={v.updatedAt} policyId={policyId} versionId={versionId} />
          ) : (
            <PolicyText markdown={v.bodyMarkdown} />
          )}
        </Section>
      </Stack>
    </>
  );
}

function Preview({ policyId, versionId }: { policyId: string; versionId: string }) {
  const preview = useResource<{ card: unknown }>(`/api/policies/${policyId}/versions/${versionId}/preview`);
  if (preview.error) return <ErrorState error={preview.error} retry={preview.reload} />;
  if (!preview.data) return <LoadingState label="Drawing the card…" />;
  return <CardPreview card={preview.data.card} label="Preview of the policy card" />;
}

function PublishButton({ policyId, version }: { policyId: string; version: Version }) {
  const { api } = useApp();
  const { navigate } = useRoute();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiError>();
  // Publishing changes the policy and its versions, who must sign (the compliance figures, the
  // outstanding list, the person's own policies) and starts a campaign.
  const publishing = useChange(
    () => api.post<{ campaignId: string | null }>(`/api/policies/${policyId}/versions/${version.id}/publish`),
    () => ['/api/policies', '/api/compliance', '/api/campaigns', '/api/my/policies'],
  );
  // Not mutate's own callbacks: the version read again is published, so this button is gone
  // (unmounted) before they would run, and the campaign would never open.
  const publish = () =>
    void publishing
      .mutateAsync()
      .then(
        (result) =>
          navigate(result.campaignId ? `admin/campaigns/${result.campaignId}` : `admin/policies/${policyId}`),
        setError,
      );
  return (
    <>
      <Button appearance="primary" icon={<SendRegular />} onClick={() => setOpen(true)}>
        Publish
      </Button>
      <ActionDialog
        open={open}
        onClose={() => setOpen(false)}
        title={<>Publish version {version.label}?</>}
        actions={
          <Button appearance="primary" disabled={publishing.isPending} onClick={publish}>
            Publish and send
          </Button>
        }
      >
        <Text block>
          Publishing makes this the current version and sends its card in Teams to everyone the policy is for.{' '}
          {version.material
            ? 'It is a material change: everyone must sign it, even those who signed before.'
            : 'It is not a material change: people who signed the previous version need not sign again.'}{' '}
          A published version cannot be changed.
        </Text>
        {error ? <ErrorState error={error} title="The version was not published" /> : null}
      </ActionDialog>
    </>
  );
}
