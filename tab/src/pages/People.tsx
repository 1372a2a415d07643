import { Badge, Button, Dropdown, Field, Option, TableCellLayout } from '@fluentui/react-components';
import { AddRegular, ArrowDownloadRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ApiError } from '../api/client';
import type { Page, Person, Role, RoleAssignment, SchoolView } from '../api/types';
import { ActionDialog } from '../components/action-dialog';
import { DataTable } from '../components/data-table';
import { Muted, PageHeader, Section, useFormStyles } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { PersonPicker, jobTitleOf, useSettled } from '../components/person-picker';
import { useSubjectAccessDownload } from '../components/subject-access';
import { useChange, useResource } from '../api/queries';
import { useApp } from '../context';
import { useNotify } from '../notify';
import { roleNames } from '../roles';
import { fieldError } from './form';

const trustOnly: Role[] = ['trust_admin', 'trust_leader'];

/** Who holds which role where; a trust admin gives and removes roles (the server allows nobody else). */
export function PeoplePage() {
  const roles = useResource<{ items: RoleAssignment[] }>('/api/roles');
  const schools = useResource<{ items: SchoolView[] }>('/api/schools');
  const { api } = useApp();
  const notify = useNotify();
  const [granting, setGranting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [removing, setRemoving] = useState<RoleAssignment>();
  const removal = useChange(
    (assignment: RoleAssignment) => api.del(`/api/roles/${assignment.id}`),
    () => ['/api/roles'],
  );
  const remove = (assignment: RoleAssignment) =>
    removal.mutate(assignment, {
      onSuccess: () =>
        notify(
          'success',
          `${assignment.displayName} is no longer ${roleNames[assignment.role].toLowerCase()}`,
          'It takes effect on their next action.',
        ),
      onError: (error) => notify('error', 'The role was not removed', error.message),
      onSettled: () => setRemoving(undefined),
    });
  return (
    <>
      <PageHeader
        title="People and roles"
        subtitle="Who is responsible for what, in each school or across the trust"
        actions={
          <>
            <Button icon={<ArrowDownloadRegular />} onClick={() => setExporting(true)}>
              Subject-access export
            </Button>
            <Button appearance="primary" icon={<AddRegular />} onClick={() => setGranting(true)}>
              Give a role
            </Button>
          </>
        }
      />
      {roles.error ? <ErrorState error={roles.error} retry={roles.reload} /> : null}
      {!roles.data && roles.loading ? <LoadingState label="Loading roles…" /> : null}
      {roles.data && roles.data.items.length === 0 ? (
        <EmptyState title="Nobody holds a role yet">
          Give the IT manager and the headteacher their roles first.
        </EmptyState>
      ) : null}
      {roles.data && roles.data.items.length > 0 ? (
        <Section>
          <DataTable
            label="Roles"
            rows={roles.data.items}
            rowKey={(a) => a.id}
            columns={{
              Person: (a) => <TableCellLayout>{a.displayName}</TableCellLayout>,
              Role: (a) => roleNames[a.role],
              Where: (a) => (a.scope === 'trust' ? 'The whole trust' : (a.schoolName ?? 'A school')),
              'Given in': (a) =>
                a.source === 'entra' ? <Badge appearance="outline">Entra app role</Badge> : 'Conduct',
              Action: (a) =>
                a.source === 'conduct' ? (
                  <Button
                    size="small"
                    onClick={() => setRemoving(a)}
                    aria-label={`Remove ${roleNames[a.role]} from ${a.displayName}`}
                  >
                    Remove
                  </Button>
                ) : (
                  <Muted>Change it in Entra</Muted>
                ),
            }}
          />
        </Section>
      ) : null}
      {exporting ? <SubjectAccessDialog onClose={() => setExporting(false)} /> : null}
      {granting ? (
        <GrantDialog
          schools={schools.data?.items ?? []}
          onClose={() => setGranting(false)}
          onGranted={() => setGranting(false)}
        />
      ) : null}
      <ActionDialog
        open={removing !== undefined}
        onClose={() => setRemoving(undefined)}
        title="Remove this role?"
        actions={
          <Button appearance="primary" onClick={() => removing && remove(removing)}>
            Remove role
          </Button>
        }
      >
        {removing
          ? `${removing.displayName} will no longer be ${roleNames[removing.role].toLowerCase()} ${removing.scope === 'trust' ? 'for the trust' : `at ${removing.schoolName ?? 'the school'}`}, from their very next action.`
          : ''}
      </ActionDialog>
    </>
  );
}

/** Finds people in the directory as the user types (the grant and export dialogs both pick a person). */
function DirectoryPersonPicker({
  onPick,
  fieldError: serverError,
}: {
  onPick: (person: Person | undefined) => void;
  fieldError?: ReturnType<typeof fieldError>;
}) {
  const [search, setSearch] = useState('');
  const asked = useSettled(search);
  const found = useResource<Page<Person>>(`/api/directory/people?q=${encodeURIComponent(asked)}`);
  return (
    <PersonPicker
      people={found.data?.items ?? []}
      search={search}
      onSearch={setSearch}
      onPick={onPick}
      detail={jobTitleOf}
      field={{ required: true, validationMessage: found.error?.message, ...serverError }}
    />
  );
}

/**
 * Everything Conduct holds about one person, for a subject-access request: a ZIP of a PDF and JSON.
 * Sealed safeguarding content is listed as withheld for the DSL; the export is on the audit trail.
 */
function SubjectAccessDialog({ onClose }: { onClose: () => void }) {
  const form = useFormStyles();
  const [person, setPerson] = useState<Person>();
  const { busy, download: save } = useSubjectAccessDownload();
  const download = async () => {
    if (person && (await save(person))) onClose();
  };
  return (
    <ActionDialog
      onClose={onClose}
      title="Subject-access export"
      className={form.fields}
      actions={
        <Button
          appearance="primary"
          icon={<ArrowDownloadRegular />}
          disabled={!person || busy}
          onClick={() => void download()}
        >
          Download
        </Button>
      }
    >
      <Muted>
        A ZIP with a readable PDF and the same data as JSON: everything Conduct holds about the person. Making
        it is recorded on the audit trail.
      </Muted>
      <DirectoryPersonPicker onPick={setPerson} />
    </ActionDialog>
  );
}

function GrantDialog({
  schools,
  onClose,
  onGranted,
}: {
  schools: SchoolView[];
  onClose: () => void;
  onGranted: () => void;
}) {
  const form = useFormStyles();
  const { api } = useApp();
  const notify = useNotify();
  const [person, setPerson] = useState<Person>();
  const [role, setRole] = useState<Role>('it_manager');
  const [school, setSchool] = useState<string>(schools[0]?.id ?? 'trust');
  const [error, setError] = useState<ApiError>();
  const scope = trustOnly.includes(role) ? 'trust' : school;
  const granting = useChange(
    (grant: { personId: string; role: Role; schoolId: string | null }) => api.post('/api/roles', grant),
    () => ['/api/roles'],
  );
  const grant = () => {
    if (!person) return;
    granting.mutate(
      { personId: person.id, role, schoolId: scope === 'trust' ? null : scope },
      {
        onSuccess: () => {
          notify('success', `${person.displayName} is now ${roleNames[role].toLowerCase()}`);
          onGranted();
        },
        onError: setError,
      },
    );
  };
  return (
    <ActionDialog
      onClose={onClose}
      title="Give a role"
      className={form.fields}
      actions={
        <Button appearance="primary" disabled={!person || granting.isPending} onClick={grant}>
          Give role
        </Button>
      }
    >
      <DirectoryPersonPicker onPick={setPerson} fieldError={fieldError(error, 'personId')} />
      <Field label="Role" required>
        <Dropdown
          value={roleNames[role]}
          selectedOptions={[role]}
          onOptionSelect={(_e, d) => setRole(d.optionValue as Role)}
        >
          {(Object.keys(roleNames) as Role[]).map((r) => (
            <Option key={r} value={r}>
              {roleNames[r]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field
        label="Where"
        hint={trustOnly.includes(role) ? 'This role is always held for the whole trust.' : undefined}
        {...fieldError(error, 'schoolId')}
      >
        <Dropdown
          disabled={trustOnly.includes(role)}
          value={scope === 'trust' ? 'The whole trust' : (schools.find((s) => s.id === scope)?.name ?? '')}
          selectedOptions={[scope]}
          onOptionSelect={(_e, d) => setSchool(d.optionValue ?? 'trust')}
        >
          <Option value="trust">The whole trust</Option>
          {schools.map((s) => (
            <Option key={s.id} value={s.id}>
              {s.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {error && error.details.length === 0 ? (
        <ErrorState error={error} title="The role was not given" />
      ) : null}
    </ActionDialog>
  );
}
