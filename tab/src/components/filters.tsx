import { Button, Dropdown, Field, Option, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Page, SchoolView } from '../api/types';
import { useResource } from '../api/queries';
import { useRoute } from '../router';
import { Muted, useFormStyles } from './layout';

const useStyles = makeStyles({
  filter: { minWidth: '11rem' },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'flex-end', alignItems: 'center' },
});

/** A list's filters side by side, announced to screen readers as a search named `label`. */
export function FilterBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className={useFormStyles().controls} role="search" aria-label={label}>
      {children}
    </div>
  );
}

/**
 * A list's filters and page number as the page's address carries them (so a filtered list can be
 * bookmarked and the back button undoes a filter); `set` changes some and goes back to the first page
 * unless it sets the page, and `clear` drops them all.
 */
export function useListFilters<Key extends string>(route: string, keys: readonly Key[]) {
  const { query, navigate } = useRoute();
  const filters = Object.fromEntries(keys.map((key) => [key, query.get(key) ?? ''])) as Record<Key, string>;
  const page = Number(query.get('page') ?? '1') || 1;
  const set = (changes: Partial<Record<Key, string>> & { page?: string }) => {
    const next = new URLSearchParams({ ...filters, page: '1', ...changes });
    for (const [key, value] of [...next]) if (!value || (key === 'page' && value === '1')) next.delete(key);
    navigate(`${route}?${next.toString()}`, { replace: true });
  };
  const clear = () => navigate(route, { replace: true });
  return { filters, page, set, clear };
}

/** The API's query string for these filters (the empty ones left out) and, past the first, the page. */
export function listQuery(filters: Readonly<Record<string, string>>, page = 1): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  if (page > 1) query.set('page', String(page));
  return query.toString();
}

/** A list's page number and its Previous / Next buttons. */
export function Pager({ of, onPage }: { of: Page<unknown>; onPage: (page: number) => void }) {
  const styles = useStyles();
  return (
    <div className={styles.bar}>
      <Muted>
        Page {of.page} of {Math.max(1, Math.ceil(of.total / of.pageSize))}
      </Muted>
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
