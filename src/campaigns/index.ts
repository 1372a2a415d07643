// What other capabilities may use of campaigns (sending a policy version to the people it applies to).
// They import from '../campaigns' and nowhere deeper; eslint.config.mjs enforces it.

export { deliveryStatuses, type Campaign, type Delivery, type DeliveryStatus } from './model';
export { dueDatesFor, hasCampaign } from './store';
