import { Avatar, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldTaskRegular } from '@fluentui/react-icons';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { createQueryClient } from './api/queries';
import type { ReadyProps } from './Boot';
import { AppProvider, useApp, useHolds } from './context';
import { NotifyProvider } from './notify';
import { pageFor, type PageDefinition } from './pages';
import {
  complianceRoles,
  dashboardRoles,
  dataProtectionRoles,
  incidentRoles,
  permissionRegisterRoles,
  roleAdminRoles,
} from './roles';
import { Link, RouterProvider, useRoute } from './router';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    flexWrap: 'wrap',
  },
  brand: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorBrandForeground1,
  },
  sections: { display: 'flex', gap: tokens.spacingHorizontalL, flexGrow: 1, flexWrap: 'wrap' },
  person: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  tabs: {
    padding: `0 ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowX: 'auto',
  },
  main: {
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXL}`,
    maxWidth: '80rem',
    margin: '0 auto',
  },
  current: { fontWeight: tokens.fontWeightSemibold, textDecoration: 'underline' },
  skip: {
    position: 'absolute',
    left: '-999px',
    ':focus': {
      left: tokens.spacingHorizontalM,
      top: tokens.spacingVerticalM,
      zIndex: 10,
      padding: tokens.spacingHorizontalS,
      backgroundColor: tokens.colorNeutralBackground1,
    },
  },
});

export function App(props: ReadyProps) {
  const [queryClient] = useState(createQueryClient);
  return (
    <AppProvider value={props}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider>
          <NotifyProvider>
            <Shell />
          </NotifyProvider>
        </RouterProvider>
      </QueryClientProvider>
    </AppProvider>
  );
}

const dashboardTabs: { value: string; label: string; roles: readonly string[] }[] = [
  { value: 'overview', label: 'Overview', roles: complianceRoles },
  { value: 'outstanding', label: 'Outstanding', roles: complianceRoles },
  { value: 'policies', label: 'Policies', roles: complianceRoles },
  { value: 'questions', label: 'Questions', roles: complianceRoles },
  { value: 'incidents', label: 'Incidents', roles: incidentRoles },
  { value: 'permissions', label: 'Permissions', roles: permissionRegisterRoles },
  { value: 'people', label: 'People and roles', roles: roleAdminRoles },
  { value: 'evidence', label: 'Evidence', roles: complianceRoles },
  { value: 'data-protection', label: 'Data protection', roles: dataProtectionRoles },
];

function Shell() {
  const styles = useStyles();
  const route = useRoute();
  const { me, host } = useApp();
  const seesDashboard = useHolds(dashboardRoles);
  const page: PageDefinition = pageFor(route.path, route.query, me);
  const inDashboard = route.path.startsWith('admin');
  const tabs = dashboardTabs.filter((tab) => me.roles.some((held) => tab.roles.includes(held.role)));
  const section = route.path.split('/')[1] ?? 'overview';
  useEffect(() => {
    document.title = `${page.title} – Conduct`;
  }, [page.title]);
  return (
    <>
      <a className={styles.skip} href="#main">
        Skip to the page
      </a>
      {host === 'browser' ? (
        <header className={styles.bar}>
          <span className={styles.brand}>
            <ShieldTaskRegular fontSize={24} aria-hidden />
            <Text weight="semibold" size={400}>
              Conduct
            </Text>
          </span>
          <nav className={styles.sections} aria-label="Conduct">
            <SectionLink to="my-policies" current={route.path.startsWith('my-policies')}>
              My policies
            </SectionLink>
            <SectionLink to="my-reports" current={route.path.startsWith('my-reports')}>
              My reports
            </SectionLink>
            <SectionLink to="ask-permission" current={route.path.startsWith('ask-permission')}>
              Ask permission
            </SectionLink>
            {seesDashboard ? (
              <SectionLink to="admin" current={inDashboard}>
                Dashboard
              </SectionLink>
            ) : null}
          </nav>
          <span className={styles.person}>
            <Avatar name={me.displayName} size={28} aria-hidden />
            <Text>{me.displayName}</Text>
          </span>
        </header>
      ) : null}
      {inDashboard && tabs.length > 0 ? (
        <nav className={styles.tabs} aria-label="Dashboard">
          <TabList
            selectedValue={section}
            onTabSelect={(_event, data) => route.navigate(`admin/${String(data.value)}`)}
          >
            {tabs.map((tab) => (
              <Tab key={tab.value} value={tab.value}>
                {tab.label}
              </Tab>
            ))}
          </TabList>
        </nav>
      ) : null}
      <main id="main" className={styles.main} tabIndex={-1}>
        {page.element}
      </main>
    </>
  );
}

function SectionLink({ to, current, children }: { to: string; current: boolean; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Link
      to={to}
      className={current ? styles.current : undefined}
      aria-current={current ? 'page' : undefined}
    >
      {children}
    </Link>
  );
}
