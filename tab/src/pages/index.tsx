import { Button } from '@fluentui/react-components';
import { useEffect, type ReactNode } from 'react';
import type { Me } from '../api/types';
import { EmptyState } from '../components/states';
import { complianceRoles, dashboardRoles } from '../roles';
import { match, useRoute } from '../router';
import { AskPermissionPage } from './AskPermission';
import { CampaignPage } from './Campaign';
import { DataProtectionPage } from './DataProtection';
import { EvidencePage } from './Evidence';
import { IncidentPage } from './Incident';
import { IncidentsPage } from './Incidents';
import { MyPoliciesPage } from './MyPolicies';
import { MyPolicyPage } from './MyPolicy';
import { MyReportsPage } from './MyReports';
import { OutstandingPage } from './Outstanding';
import { OverviewPage } from './Overview';
import { PeoplePage } from './People';
import { PermissionKindsPage } from './PermissionKinds';
import { PermissionRequestPage } from './PermissionRequest';
import { PermissionsPage } from './Permissions';
import { PoliciesPage } from './Policies';
import { PolicyPage } from './Policy';
import { PolicyQuestionsPage } from './PolicyQuestions';
import { VersionPage } from './Version';

export interface PageDefinition {
  title: string;
  element: ReactNode;
}

type Params = Record<string, string>;

const routes: { pattern: string; title: string; render: (params: Params) => ReactNode }[] = [
  { pattern: 'my-policies', title: 'My policies', render: () => <MyPoliciesPage /> },
  {
    pattern: 'my-policies/:policyId/:versionId',
    title: 'Read and sign',
    render: (p) => <MyPolicyPage policyId={p.policyId!} versionId={p.versionId!} />,
  },
  { pattern: 'my-reports', title: 'My reports', render: () => <MyReportsPage /> },
  { pattern: 'ask-permission', title: 'Ask permission', render: () => <AskPermissionPage /> },
  { pattern: 'admin/overview', title: 'Compliance overview', render: () => <OverviewPage /> },
  { pattern: 'admin/outstanding', title: 'Outstanding', render: () => <OutstandingPage /> },
  { pattern: 'admin/policies', title: 'Policies', render: () => <PoliciesPage /> },
  {
    pattern: 'admin/policies/:policyId',
    title: 'Policy',
    render: (p) => <PolicyPage policyId={p.policyId!} />,
  },
  {
    pattern: 'admin/policies/:policyId/versions/:versionId',
    title: 'Policy version',
    render: (p) => <VersionPage policyId={p.policyId!} versionId={p.versionId!} />,
  },
  {
    pattern: 'admin/campaigns/:campaignId',
    title: 'Campaign',
    render: (p) => <CampaignPage campaignId={p.campaignId!} />,
  },
  { pattern: 'admin/incidents', title: 'Incidents', render: () => <IncidentsPage /> },
  {
    pattern: 'admin/incidents/:incidentId',
    title: 'Incident',
    render: (p) => <IncidentPage incidentId={p.incidentId!} />,
  },
  { pattern: 'admin/permissions', title: 'Permission requests', render: () => <PermissionsPage /> },
  // Before the request pattern below, which would take "kinds" for a request's id.
  { pattern: 'admin/permissions/kinds', title: 'Kinds of request', render: () => <PermissionKindsPage /> },
  {
    pattern: 'admin/permissions/:requestId',
    title: 'Permission request',
    render: (p) => <PermissionRequestPage requestId={p.requestId!} />,
  },
  { pattern: 'admin/people', title: 'People and roles', render: () => <PeoplePage /> },
  { pattern: 'admin/evidence', title: 'Evidence', render: () => <EvidencePage /> },
  { pattern: 'admin/questions', title: 'Questions about policies', render: () => <PolicyQuestionsPage /> },
  { pattern: 'admin/data-protection', title: 'Data protection', render: () => <DataProtectionPage /> },
];

/** The page for a path under /tab/; the bare /tab/ and /tab/admin go where the person's roles lead. */
export function pageFor(path: string, query: URLSearchParams, me: Me): PageDefinition {
  const holds = (roles: readonly string[]) => me.roles.some((held) => roles.includes(held.role));
  // Cards link to /tab/admin?page=outstanding&version=…: the page named, with the rest of the query.
  const page = query.get('page');
  if (path === 'admin' && page && /^[a-z-]+$/.test(page)) {
    const rest = new URLSearchParams(query);
    rest.delete('page');
    return {
      title: 'Dashboard',
      element: <Redirect to={`admin/${page}${rest.size > 0 ? `?${rest.toString()}` : ''}`} />,
    };
  }
  if (path === '')
    return { title: 'Conduct', element: <Redirect to={holds(dashboardRoles) ? 'admin' : 'my-policies'} /> };
  if (path === 'admin') {
    if (!holds(dashboardRoles)) return { title: 'Dashboard', element: <NoDashboard /> };
    return {
      title: 'Dashboard',
      element: <Redirect to={holds(complianceRoles) ? 'admin/overview' : 'admin/incidents'} />,
    };
  }
  for (const route of routes) {
    const params = match(route.pattern, path);
    if (params) return { title: route.title, element: route.render(params) };
  }
  return { title: 'Not found', element: <NotFound /> };
}

function Redirect({ to }: { to: string }) {
  const { navigate } = useRoute();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}

/** A page with nothing to show here, and the button that leads where the reader can go instead. */
function Elsewhere({
  title,
  to,
  go,
  children,
}: {
  title: string;
  to: string;
  go: string;
  children: ReactNode;
}) {
  const { navigate } = useRoute();
  return (
    <EmptyState
      title={title}
      action={
        <Button appearance="primary" onClick={() => navigate(to)}>
          {go}
        </Button>
      }
    >
      {children}
    </EmptyState>
  );
}

const NotFound = () => (
  <Elsewhere title="There is no such page" to="" go="Go to the start">
    The link may be out of date. Start again from the beginning of Conduct.
  </Elsewhere>
);

const NoDashboard = () => (
  <Elsewhere title="The dashboard is for the people responsible" to="my-policies" go="Go to my policies">
    It shows compliance, incidents and policy management to the IT manager, the headteacher and the other
    responsible roles. Your role does not include it; your own policies and reports are always here.
  </Elsewhere>
);
