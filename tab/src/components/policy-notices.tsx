import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import type { ApiError } from '../api/client';
import type { PolicyNotice } from '../api/types';
import { fieldError } from '../pages/form';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  notice: {
    display: 'grid',
    gridTemplateColumns: 'minmax(8rem, 12rem) 1fr auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'start',
  },
});

/** A version's fixed notices, as every signer sees them above the signature. */
export function PolicyNotices({ notices }: { notices: readonly PolicyNotice[] }) {
  const styles = useStyles();
  if (notices.length === 0) return null;
  return (
    <div className={styles.list} aria-label="Notices">
      {notices.map((notice) => (
        <MessageBar key={notice.heading} intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{notice.heading}</MessageBarTitle>
            {notice.text}
          </MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}

/** Editing a draft's notices: up to five, each a short heading and its text. */
export function NoticesEditor(props: {
  value: PolicyNotice[];
  onChange: (notices: PolicyNotice[]) => void;
  error: ApiError | undefined;
}) {
  const styles = useStyles();
  const change = (index: number, patch: Partial<PolicyNotice>) =>
    props.onChange(props.value.map((n, i) => (i === index ? { ...n, ...patch } : n)));
  return (
    <Field
      label="Notices every signer must see"
      hint="Shown above the signature on the card and on the reading page, e.g. that internet and email use is monitored. At most 5."
      {...fieldError(props.error, 'notices')}
    >
      <div className={styles.list}>
        {props.value.map((notice, index) => (
          <div className={styles.notice} key={index}>
            <Field
              label={`Notice ${index + 1} heading`}
              {...fieldError(props.error, `notices.${index}.heading`)}
            >
              <Input value={notice.heading} onChange={(_e, d) => change(index, { heading: d.value })} />
            </Field>
            <Field label={`Notice ${index + 1} text`} {...fieldError(props.error, `notices.${index}.text`)}>
              <Textarea value={notice.text} onChange={(_e, d) => change(index, { text: d.value })} rows={2} />
            </Field>
            <Button
              icon={<DeleteRegular />}
              aria-label={`Remove notice ${index + 1}`}
              onClick={() => props.onChange(props.value.filter((_n, i) => i !== index))}
            />
          </div>
        ))}
        {props.value.length < 5 ? (
          <div>
            <Button
              icon={<AddRegular />}
              onClick={() => props.onChange([...props.value, { heading: '', text: '' }])}
            >
              Add a notice
            </Button>
          </div>
        ) : null}
      </div>
    </Field>
  );
}
