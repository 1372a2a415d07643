import { Link as FluentLink, type LinkProps } from '@fluentui/react-components';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type MouseEvent,
  type ReactNode,
} from 'react';

export interface Route {
  /** The path below /tab/, without a leading slash, e.g. "admin/overview". */
  path: string;
  query: URLSearchParams;
  navigate: (to: string, options?: { replace?: boolean }) => void;
}

const RouterContext = createContext<Route | undefined>(undefined);
const prefix = '/tab/';

const currentPath = (): string => location.pathname.replace(/^\/tab\/?/, '').replace(/\/+$/, '');

/** Client-side routes under /tab/: the server answers index.html for every one of them. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location_, setLocation] = useState(() => ({ path: currentPath(), search: location.search }));
  useEffect(() => {
    const onPop = () => setLocation({ path: currentPath(), search: location.search });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    const url = to.startsWith('/') ? to : `${prefix}${to}`;
    if (options.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    setLocation({ path: currentPath(), search: location.search });
    window.scrollTo(0, 0);
  }, []);
  const value = useMemo(
    () => ({ path: location_.path, query: new URLSearchParams(location_.search), navigate }),
    [location_, navigate],
  );
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRoute(): Route {
  const route = useContext(RouterContext);
  if (!route) throw new Error('useRoute outside RouterProvider');
  return route;
}

/** Matches "admin/policies/:policyId" against the current path; the named parts, or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const actual = decodeURIComponent(got[i] ?? '');
    if (part.startsWith(':')) params[part.slice(1)] = actual;
    else if (part !== actual) return undefined;
  }
  return params;
}

type LinkAttributes = Pick<LinkProps, 'className' | 'children' | 'aria-label' | 'aria-current' | 'inline'>;

/** A link to another page of the tab, followed without reloading. */
export function Link({ to, ...props }: LinkAttributes & { to: string }) {
  const { navigate } = useRoute();
  const href = to.startsWith('/') ? to : `${prefix}${to}`;
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(href);
  };
  return <FluentLink {...props} href={href} onClick={onClick} />;
}
