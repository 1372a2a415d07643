/** How a proactive message to a person ended, after every retry it was allowed. */
export type SendOutcome =
  | { status: 'sent'; activityId: string | undefined; attempts: number }
  | { status: 'blocked'; error: string; attempts: number }
  | { status: 'failed'; error: string; attempts: number };
