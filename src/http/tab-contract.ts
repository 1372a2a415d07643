import { z } from 'zod';
import { roles } from '../directory';
import { contractsFor, type Wire } from './contract';

/** What the tab needs to sign people in outside Teams; null when sign-in is not configured. */
export const tabConfigView = z
  .strictObject({
    signIn: z
      .strictObject({ issuer: z.string(), clientId: z.string(), scopes: z.array(z.string()) })
      .nullable(),
  })
  .meta({ id: 'TabConfig' });
/** The signed-in person and which roles they hold where. */
export const meView = z
  .strictObject({
    personId: z.string(),
    displayName: z.string(),
    roles: z.array(
      z.strictObject({ role: z.enum(roles), scope: z.string(), schoolName: z.string().nullable() }),
    ),
    /** The school's time zone (TIME_ZONE): the tab shows every date in it, as the cards and exports do. */
    timeZone: z.string(),
  })
  .meta({ id: 'Me' });

export type TabConfig = Wire<typeof tabConfigView>;
export type Me = Wire<typeof meView>;

const api = contractsFor('tab');
const botApi = contractsFor('bot');
/** The tab's own routes, and the bot's endpoint (which Bot Framework authentication guards, not this API's). */
export const tabContracts = {
  config: api('get /api/tab-config', 'getTabConfig', 'public', {
    summary: 'What the tab needs to sign people in outside Teams',
    responses: {
      200: {
        description: 'The sign-in settings, or null when sign-in is not configured.',
        json: tabConfigView,
      },
    },
  }),
  me: api('get /api/me', 'getMe', 'signed-in', {
    summary: 'The signed-in person and the roles they hold where',
    responses: { 200: { description: 'Who is signed in.', json: meView } },
  }),
  botMessages: botApi('post /api/messages', 'receiveActivity', 'public', {
    summary: "Where Teams delivers the bot's activities (Bot Framework authentication, not this API's)",
    body: z.looseObject({}).describe('A Bot Framework activity.'),
    responses: { 200: { description: 'Handled.' } },
    refusals: ['unauthenticated', 'forbidden'],
  }),
};
