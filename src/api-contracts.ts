import { acknowledgementContracts } from './acknowledgements/contract';
import { campaignContracts } from './campaigns/contract';
import { complianceContracts } from './compliance/contract';
import { directoryContracts } from './directory/contract';
import type { Contract } from './http/contract';
import { tabContracts } from './http/tab-contract';
import { incidentContracts } from './incidents/contract';
import { permissionContracts } from './permissions/contract';
import { policyContracts } from './policies/contract';
import { questionContracts } from './policies/questions/contract';
import { reviewContracts } from './policies/review/contract';
import { privacyContracts } from './privacy/contract';
import { retentionContracts } from './retention/contract';

/** Every route of Conduct's API, as docs/openapi.yaml lists them. */
export const apiContracts: readonly Contract[] = (
  [
    tabContracts,
    complianceContracts,
    policyContracts,
    reviewContracts,
    questionContracts,
    campaignContracts,
    acknowledgementContracts,
    incidentContracts,
    directoryContracts,
    privacyContracts,
    retentionContracts,
    permissionContracts,
  ] as Record<string, Contract>[]
).flatMap((group) => Object.values(group));
