import {
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiError } from '../api/client';
import type { MyPolicies, Version } from '../api/types';
import { PageHeader, Section, Stack } from '../components/layout';
import { PolicyText } from '../components/lazy';
import { PolicyNotices } from '../components/policy-notices';
import { AskAboutPolicy, PolicyFaq } from '../components/policy-questions';
import { ReadWithChecks } from '../components/read-with';
import { ErrorState, LoadingState } from '../components/states';
import { useChange, useResource } from '../api/queries';
import { useApp } from '../context';
import { formatDay, formatDayTime } from '../format';
import { Link } from '../router';
import { fieldError } from './form';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '32rem' },
  points: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

interface Signed {
  acknowledgement: { signedName: string; jobTitle: string | null; signedAt: string; contentHash: string };
  created: boolean;
}

/** Reading a policy in full and signing it here, as an alternative to the card in Teams. */
export function MyPolicyPage({ policyId, versionId }: { policyId: string; versionId: string }) {
  const styles = useStyles();
  const { api, me } = useApp();
  const version = useResource<Version>(`/api/policies/${policyId}/versions/${versionId}`);
  const [signedName, setSignedName] = useState(me.displayName);
  const [jobTitle, setJobTitle] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [read, setRead] = useState<string[]>([]);
  const [error, setError] = useState<ApiError>();
  const [signed, setSigned] = useState<Signed>();
  // What the person has signed, so a version already signed shows its signature instead of the form.
  const mine = useResource<MyPolicies>('/api/my/policies');
  const signing = useChange(
    (signature: { signedName: string; jobTitle?: string; accepted: boolean; readWith: string[] }) =>
      api.post<Signed>(`/api/my/policies/${versionId}/sign`, signature),
    () => ['/api/my/policies'],
  );
  const busy = signing.isPending;
  if (version.error) return <ErrorState error={version.error} retry={version.reload} />;
  if (mine.error) return <ErrorState error={mine.error} retry={mine.reload} />;
  if (!version.data || !mine.data) return <LoadingState label="Loading the policy…" />;
  const v = version.data;
  // The current version (signed, or an earlier signature that still counts), or the very version signed.
  const earlier = mine.data.signed.find(
    (p) => p.policyVersionId === versionId || p.signedVersionId === versionId,
  );
  const sign = () =>
    signing.mutate(
      { signedName, ...(jobTitle.trim() ? { jobTitle } : {}), accepted, readWith: read },
      {
        onSuccess: (answer) => {
          setSigned(answer);
          setError(undefined);
        },
        onError: setError,
      },
    );
  return (
    <>
      <PageHeader
        title={`Version ${v.label}`}
        subtitle={
          <>
            Effective from {formatDay(v.effectiveDate)} · <Link to="my-policies">Back to my policies</Link>
          </>
        }
      />
      <Stack>
        <Section title="In short">
          <ul className={styles.points}>
            {v.keyPoints.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
        </Section>
        <Section title="The full text">
          <PolicyText markdown={v.bodyMarkdown} />
        </Section>
        {v.notices.length > 0 ? (
          <Section title="Notices">
            <PolicyNotices notices={v.notices} />
          </Section>
        ) : null}
        <PolicyFaq policyId={policyId} />
        <Section title={signed || earlier ? 'Signed' : 'Sign'}>
          {earlier && !signed ? (
            <MessageBar intent="success" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>You have signed this policy</MessageBarTitle>
                Signed as {earlier.signedName}
                {earlier.jobTitle ? `, ${earlier.jobTitle}` : ''} on {formatDayTime(earlier.signedAt)}{' '}
                {earlier.via === 'card' ? 'on the card in Teams' : 'here in the tab'}
                {earlier.signedVersionId === versionId ? '' : ', for an earlier version that still counts'}.
                There is nothing more to do.
              </MessageBarBody>
            </MessageBar>
          ) : signed ? (
            <MessageBar intent="success" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>
                  {signed.created ? 'Thank you: you have signed' : 'You had already signed this version'}
                </MessageBarTitle>
                Signed as {signed.acknowledgement.signedName}
                {signed.acknowledgement.jobTitle ? `, ${signed.acknowledgement.jobTitle}` : ''} on{' '}
                {formatDayTime(signed.acknowledgement.signedAt)}. The card in your Teams chat shows it too.
              </MessageBarBody>
            </MessageBar>
          ) : (
            <form
              className={styles.form}
              onSubmit={(event) => {
                event.preventDefault();
                sign();
              }}
            >
              <Field label="Your full name" required {...fieldError(error, 'signedName')}>
                <Input value={signedName} onChange={(_e, d) => setSignedName(d.value)} autoComplete="name" />
              </Field>
              <Field label="Your job title" {...fieldError(error, 'jobTitle')}>
                <Input
                  value={jobTitle}
                  onChange={(_e, d) => setJobTitle(d.value)}
                  autoComplete="organization-title"
                />
              </Field>
              <ReadWithChecks policies={v.readWith} read={read} onChange={setRead} error={error} />
              <Field {...fieldError(error, 'accepted')}>
                <Checkbox
                  checked={accepted}
                  onChange={(_e, d) => setAccepted(d.checked === true)}
                  label={`I have read version ${v.label} of this policy and agree to follow it.`}
                />
              </Field>
              {error && error.details.length === 0 ? (
                <ErrorState error={error} title="Your signature was not recorded" />
              ) : null}
              <div>
                <Button appearance="primary" type="submit" disabled={busy || !accepted}>
                  Sign
                </Button>
              </div>
              <Text size={200}>
                Your name, job title and the time are recorded with the exact text you accepted.
              </Text>
            </form>
          )}
        </Section>
        <AskAboutPolicy policyId={policyId} />
      </Stack>
    </>
  );
}
