import { Checkbox, Field, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiError } from '../api/client';
import type { Page, PolicySummary, ReadWithPolicy } from '../api/types';
import { useResource } from '../api/queries';
import { fieldError } from '../pages/form';
import { Link } from '../router';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/**
 * On the reading page: the policies to read with this one, each a link and a tick the signature
 * records ("I have read …").
 */
export function ReadWithChecks(props: {
  policies: readonly ReadWithPolicy[];
  read: readonly string[];
  onChange: (read: string[]) => void;
  error: ApiError | undefined;
}) {
  const styles = useStyles();
  if (props.policies.length === 0) return null;
  const toggle = (policyId: string, on: boolean) =>
    props.onChange(on ? [...props.read, policyId] : props.read.filter((id) => id !== policyId));
  return (
    <Field label="Read it together with" {...fieldError(props.error, 'readWith')}>
      <div className={styles.list}>
        {props.policies.map((other) => (
          <div key={other.policyId}>
            <Link to={`my-policies?policy=${other.policyId}`}>Open {other.title}</Link>
            <Checkbox
              checked={props.read.includes(other.policyId)}
              onChange={(_e, d) => toggle(other.policyId, d.checked === true)}
              label={`I have read ${other.title}`}
            />
          </div>
        ))}
      </div>
    </Field>
  );
}

/** In the version form: which other policies of the library to read with this one. */
export function ReadWithPicker(props: {
  policyId: string | undefined;
  value: string[];
  onChange: (ids: string[]) => void;
  error: ApiError | undefined;
}) {
  const styles = useStyles();
  const library = useResource<Page<PolicySummary>>('/api/policies');
  const others = (library.data?.items ?? []).filter((policy) => policy.id !== props.policyId);
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.value, id] : props.value.filter((chosen) => chosen !== id));
  return (
    <Field
      label="Read together with"
      hint="Other policies the card links, each with a tick the signer gives when they have read it. At most 5."
      {...fieldError(props.error, 'readWith')}
    >
      <div className={styles.list}>
        {library.error ? <Text>The other policies could not be loaded: {library.error.message}</Text> : null}
        {library.data && others.length === 0 ? <Text>There are no other policies yet.</Text> : null}
        {others.map((policy) => (
          <Checkbox
            key={policy.id}
            checked={props.value.includes(policy.id)}
            onChange={(_e, d) => toggle(policy.id, d.checked === true)}
            label={policy.title}
          />
        ))}
      </div>
    </Field>
  );
}
