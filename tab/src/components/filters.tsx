import { Button, Dropdown, Field, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Page, SchoolView } from '../api/types';
import { useResource } from '../api/queries';

const useStyles = makeStyles({
  filter: { minWidth: '11rem' },
  muted: { color: tokens.colorNeutralForeground2 },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'flex-end', alignItems: 'center' },
});

/** A list's page number and its Previous / Next buttons. */
export function Pager({ of, onPage }: { of: Page<unknown>; onPage: (page: number) => void }) {
  const styles = useStyles();
  return (
    <div className={styles.bar}>
      <Text className={styles.muted}>
        Page {of.page} of {Math.max(1, Math.ceil(of.total / of.pageSize))}
      </Text>
      <Button disabled={of.page <= 1} onClick={() => onPage(of.page - 1)}>
        Previous
      </Button>
      <Button disabled={of.page * of.pageSize >= of.total} onClick={() => onPage(of.page + 1)}>
        Next
      </Button>
    </div>
  );
}

/** A filter chosen from a short list (the empty value for all). */
export function Choice({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Record<string, string>;
  onChange: (value: string) => void;
}) {
  const styles = useStyles();
  return (
    <Field label={label} className={styles.filter}>
      <Dropdown
        value={options[value] ?? value}
        selectedOptions={[value]}
        onOptionSelect={(_e, o) => onChange(o.optionValue ?? '')}
      >
        {Object.entries(options).map(([key, name]) => (
          <Option key={key || 'any'} value={key}>
            {name}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/** The school filter of a list: shown only to a reader who sees more than one school. */
export function SchoolChoice({ value, onChange }: { value: string; onChange: (school: string) => void }) {
  const schools = useResource<{ items: SchoolView[] }>('/api/schools');
  const items = schools.data?.items ?? [];
  if (items.length <= 1) return null;
  return (
    <Choice
      label="School"
      value={value}
      options={{ '': 'All schools', ...Object.fromEntries(items.map((s) => [s.id, s.name])) }}
      onChange={onChange}
    />
  );
}
