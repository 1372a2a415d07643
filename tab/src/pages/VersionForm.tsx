import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  SpinButton,
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DocumentArrowUpRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import type { ImportedBody, PolicyNotice, Version } from '../api/types';
import { useFormStyles } from '../components/layout';
import { NoticesEditor } from '../components/policy-notices';
import { ReadWithPicker } from '../components/read-with';
import { ErrorState } from '../components/states';
import { asApiError } from '../api/queries';
import { useApp } from '../context';
import { schoolDate } from '../format';
import { fieldError } from './form';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gap: tokens.spacingHorizontalM,
    gridTemplateColumns: 'repeat(auto-fit, minmax(11rem, 1fr))',
  },
  body: { minHeight: '18rem', fontFamily: tokens.fontFamilyMonospace },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface VersionFields {
  label: string;
  effectiveDate: string;
  reviewDate: string;
  nextReviewDate: string;
  dueDays: number;
  material: boolean;
  keyPoints: string[];
  notices: PolicyNotice[];
  /** Ids of the other policies to read with this one. */
  readWith: string[];
  bodyMarkdown: string;
}

export const blankVersion = (): VersionFields => ({
  label: '',
  effectiveDate: schoolDate(),
  reviewDate: schoolDate(),
  nextReviewDate: schoolDate(1),
  dueDays: 14,
  material: true,
  keyPoints: [],
  notices: [],
  readWith: [],
  bodyMarkdown: '',
});

export const fieldsOf = (v: Version): VersionFields => ({
  label: v.label,
  effectiveDate: v.effectiveDate,
  reviewDate: v.reviewDate,
  nextReviewDate: v.nextReviewDate,
  dueDays: v.dueDays,
  material: v.material,
  keyPoints: v.keyPoints,
  notices: v.notices,
  readWith: v.readWith.map((other) => other.policyId),
  bodyMarkdown: v.bodyMarkdown,
});

/** The fields of a draft version, with the text importable from a Word, Markdown or text file. */
export function VersionForm(props: {
  /** The policy the version belongs to (left out of the policies to read with it). */
  policyId?: string;
  initial: VersionFields;
  submitLabel: string;
  onSubmit: (fields: VersionFields) => Promise<void>;
  onCancel?: () => void;
}) {
  const styles = useStyles();
  const form = useFormStyles();
  const { api } = useApp();
  const [fields, setFields] = useState(props.initial);
  const [points, setPoints] = useState(props.initial.keyPoints.join('\n'));
  const [error, setError] = useState<ApiError>();
  const [warnings, setWarnings] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const set = <K extends keyof VersionFields>(key: K, value: VersionFields[K]) =>
    setFields((f) => ({ ...f, [key]: value }));
  const dateField = (key: 'effectiveDate' | 'reviewDate' | 'nextReviewDate', label: string) => (
    <Field label={label} required {...fieldError(error, key)}>
      <Input type="date" value={fields[key]} onChange={(_e, d) => set(key, d.value)} />
    </Field>
  );
  const importFile = async (chosen: File | undefined) => {
    if (!chosen) return;
    setBusy(true);
    try {
      const imported = await api.upload<ImportedBody>('/api/policy-imports', chosen);
      setFields((f) => ({ ...f, ...imported.fields, bodyMarkdown: imported.markdown }));
      setWarnings(imported.warnings);
      setError(undefined);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
      if (file.current) file.current.value = '';
    }
  };
  const submit = async () => {
    setBusy(true);
    try {
      await props.onSubmit({
        ...fields,
        keyPoints: points
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean),
      });
      setError(undefined);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className={form.fields}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className={styles.row}>
        <Field
          label="Version label"
          required
          hint="What staff see, e.g. 2026.1"
          {...fieldError(error, 'label')}
        >
          <Input value={fields.label} onChange={(_e, d) => set('label', d.value)} />
        </Field>
        {dateField('effectiveDate', 'Effective from')}
        {dateField('reviewDate', 'Last reviewed')}
        {dateField('nextReviewDate', 'Next review')}
        <Field label="Days to sign" required {...fieldError(error, 'dueDays')}>
          <SpinButton
            value={fields.dueDays}
            min={1}
            max={365}
            onChange={(_e, d) => set('dueDays', Number(d.value ?? d.displayValue ?? fields.dueDays))}
          />
        </Field>
      </div>
      <Field
        hint="A material change asks everyone to sign again; otherwise their signature on the previous version still counts."
        {...fieldError(error, 'material')}
      >
        <Switch
          label="Material change"
          checked={fields.material}
          onChange={(_e, d) => set('material', d.checked)}
        />
      </Field>
      <Field
        label="Key points for the card"
        hint="One per line, 3 to 8: the card in Teams shows these."
        required
        {...fieldError(error, 'keyPoints')}
      >
        <Textarea value={points} onChange={(_e, d) => setPoints(d.value)} rows={5} resize="vertical" />
      </Field>
      <NoticesEditor value={fields.notices} onChange={(notices) => set('notices', notices)} error={error} />
      <ReadWithPicker
        policyId={props.policyId}
        value={fields.readWith}
        onChange={(ids) => set('readWith', ids)}
        error={error}
      />
      <Field label="Full text (Markdown)" required {...fieldError(error, 'bodyMarkdown')}>
        <Textarea
          className={styles.body}
          value={fields.bodyMarkdown}
          onChange={(_e, d) => set('bodyMarkdown', d.value)}
          resize="vertical"
        />
      </Field>
      {warnings.length > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{warnings.join(' ')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {error && error.details.length === 0 ? (
        <ErrorState error={error} title="This could not be saved" />
      ) : null}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {props.submitLabel}
        </Button>
        <Button icon={<DocumentArrowUpRegular />} disabled={busy} onClick={() => file.current?.click()}>
          Import text from a file
        </Button>
        <input
          ref={file}
          type="file"
          hidden
          aria-label="Policy text file"
          accept=".docx,.md,.markdown,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown,text/plain"
          onChange={(event) => void importFile(event.target.files?.[0])}
        />
        {props.onCancel ? <Button onClick={props.onCancel}>Cancel</Button> : null}
      </div>
    </form>
  );
}
