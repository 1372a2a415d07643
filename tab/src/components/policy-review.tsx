import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ComplianceOverview, PolicyDetail } from '../api/types';
import { useChange } from '../api/queries';
import { useApp } from '../context';
import { formatDay } from '../format';
import { useNotify } from '../notify';
import { Link } from '../router';
import { Section } from './layout';

const statusBadge = {
  none: null,
  scheduled: <Badge appearance="outline">Scheduled</Badge>,
  'due-soon': (
    <Badge color="warning" appearance="filled">
      Review due soon
    </Badge>
  ),
  overdue: (
    <Badge color="danger" appearance="filled">
      Review overdue
    </Badge>
  ),
} as const;

/** Where the policy's review stands, and setting its next review date (owner or IT manager). */
export function PolicyReview({ policy }: { policy: PolicyDetail }) {
  const { api } = useApp();
  const notify = useNotify();
  const [date, setDate] = useState('');
  const setting = useChange(
    (nextReviewDate: string) =>
      api.put<{ nextReviewDate: string }>(
        `/api/policies/${policy.id}/review`,
        nextReviewDate ? { nextReviewDate } : {},
      ),
    () => ['/api/policies', '/api/policy-reviews'],
  );
  if (!policy.nextReviewDate) return null;
  return (
    <Section title="Review">
      <p>
        Next review {formatDay(policy.nextReviewDate)} {statusBadge[policy.reviewStatus]} · reviewed every{' '}
        {policy.reviewPeriodMonths} months
      </p>
      <Field
        label="New review date (empty: a review period from today)"
        validationMessage={setting.error?.message}
      >
        <Input type="date" value={date} onChange={(_, data) => setDate(data.value)} />
      </Field>
      <Button
        disabled={setting.isPending}
        onClick={() =>
          setting.mutate(date, {
            onSuccess: (review) =>
              notify('success', `Next review set for ${formatDay(review.nextReviewDate)}`),
          })
        }
      >
        Set the review date
      </Button>
    </Section>
  );
}

// On the message bar's tinted background a link keeps the text's colour (legible in light and
// dark) and is told apart by its underline.
const useBannerStyles = makeStyles({ link: { color: 'inherit', textDecorationLine: 'underline' } });

/** The overview's list of policies whose review is due soon or overdue, each linked to its page. */
export function ReviewDueBanner({ due }: { due: ComplianceOverview['reviewDue'] }) {
  const styles = useBannerStyles();
  if (due.length === 0) return null;
  const overdue = due.filter((p) => p.status === 'overdue').length;
  return (
    <MessageBar intent={overdue > 0 ? 'warning' : 'info'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {due.length === 1 ? 'A policy is due for review' : `${due.length} policies are due for review`}
          {overdue > 0 ? ` (${overdue} overdue)` : ''}
        </MessageBarTitle>
        <ul>
          {due.map((p) => (
            <li key={p.policyId}>
              <Link className={styles.link} to={`admin/policies/${p.policyId}`}>
                {p.title}
              </Link>{' '}
              (version {p.label}):{' '}
              {p.status === 'overdue'
                ? `was due for review on ${formatDay(p.nextReviewDate)}`
                : `review due on ${formatDay(p.nextReviewDate)}`}{' '}
              {statusBadge[p.status]}
            </li>
          ))}
        </ul>
        Review each one: publish it again unchanged, start a new version, or set a new review date.
      </MessageBarBody>
    </MessageBar>
  );
}
