// The shapes of Conduct's API answers, as JSON carries them (dates as strings). They are inferred from
// the route contracts the server parses and checks its answers with (src/*/contract.ts), which also
// generate docs/openapi.yaml, so the tab cannot drift from the server. Type-only: nothing of the
// server is bundled into the tab.
import type { ComplianceOverview, PolicyCompliance } from '../../../src/compliance/contract';

export type { Audience, Role } from '../../../src/directory';
export type { Page } from '../../../src/http/contract';
export type { Me, TabConfig } from '../../../src/http/tab-contract';
export type { ComplianceOverview, PolicyCompliance };
export type { OutstandingPage, OutstandingPerson } from '../../../src/compliance/contract';
export type {
  ImportedBody,
  PolicyDetail,
  PolicyNotice,
  PolicySummary,
  ReadWithPolicy,
  Version,
  VersionSummary,
} from '../../../src/policies/contract';
export type { Campaign, CampaignDelivery, DeliveryStatus } from '../../../src/campaigns/contract';
export type { MyPolicies, Signed } from '../../../src/acknowledgements/contract';
export type { PolicyFaqEntry, PolicyQuestionView } from '../../../src/policies/questions/contract';
export type { Person, RoleAssignment, SchoolView } from '../../../src/directory/contract';
export type {
  IncidentDetail,
  IncidentStatus,
  IncidentSummary,
  MyReport,
} from '../../../src/incidents/contract';

/** Signed, outstanding and overdue counts of one policy. */
export type Counts = PolicyCompliance['totals'];
/** A school as the compliance overview names it. */
export type SchoolRef = ComplianceOverview['schools'][number];
import type { PermissionRequestView } from '../../../src/permissions/contract';
export type {
  PermissionAskFormView,
  PermissionKindsView,
  PermissionRequestDetail,
  PermissionRequestSentView,
} from '../../../src/permissions/contract';
export type { PermissionRequestView };
export type PermissionStatus = PermissionRequestView['status'];
