import { Badge, Button, Field, Input } from '@fluentui/react-components';
import { useState } from 'react';
import type { PolicyDetail } from '../api/types';
import { useChange } from '../api/queries';
import { useApp } from '../context';
import { formatDay } from '../format';
import { useNotify } from '../notify';
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
