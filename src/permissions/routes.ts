import type { ContractRoute } from '../http/define';
import type { PermissionDeps } from './deps';

/** The permissions REST API: the register, a request, deciding in the tab, and the kinds. */
export function permissionRoutes(deps: PermissionDeps): ContractRoute[] {
  void deps;
  return [];
}
