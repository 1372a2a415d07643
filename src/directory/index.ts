// What other capabilities may use of the directory (people, schools, roles and the signed-in
// actor). They import from '../directory' and nowhere deeper; eslint.config.mjs enforces it.

export { createAccessTokenVerifier, requiredScope, type AccessTokenVerifier } from './access-token';
export { holdsTrustWide, type Actor } from './actor';
export { auditChange } from './audit';
export { conversationOf, type StoredConversation } from './conversations';
export { audiences, roles, type Audience, type Person, type Role, type School } from './model';
export { readable, roleLabel } from './labels';
export type { Page } from './people';
export { loadActor } from './sign-in';
export {
  activeMembers,
  displayNamesOf,
  findActivePersonByEntraId,
  findPerson,
  findPersonByEntraId,
  findPersonById,
  holdersAt,
  namesAndTitles,
  peopleByIds,
  peopleWithMemberships,
  roleHolders,
  schoolNames,
  storeConversation,
} from './store';
