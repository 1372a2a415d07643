import { Combobox, Field, Option, type FieldProps } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

/** The value once it has stayed the same for `ms`: people are looked up when typing pauses. */
export function useSettled<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The "Person" box: what is typed (`search`, changed by typing and by picking) and the people found
 * for it, each shown by name and `detail` (a job title, "(left)").
 */
export function PersonPicker<P extends { id: string; displayName: string }>({
  people,
  search,
  onSearch,
  onPick,
  detail,
  placeholder = 'Type a name',
  clearable,
  field,
}: {
  people: readonly P[];
  search: string;
  onSearch: (text: string) => void;
  onPick: (person: P | undefined) => void;
  detail: (person: P) => string;
  placeholder?: string;
  clearable?: boolean;
  field: Omit<FieldProps, 'label' | 'children'>;
}) {
  return (
    <Field label="Person" {...field}>
      <Combobox
        freeform
        clearable={clearable}
        placeholder={placeholder}
        value={search}
        onChange={(event) => onSearch(event.target.value)}
        onOptionSelect={(_e, d) => {
          const person = people.find((p) => p.id === d.optionValue);
          onSearch(person?.displayName ?? '');
          onPick(person);
        }}
      >
        {people.map((p) => (
          <Option key={p.id} value={p.id} text={p.displayName}>
            {p.displayName}
            {detail(p)}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}

/** A person's job title after their name in a list of matches. */
export const jobTitleOf = (person: { jobTitle?: string | null }): string =>
  person.jobTitle ? ` – ${person.jobTitle}` : '';
