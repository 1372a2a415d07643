import type { StoredConversation } from '../directory';
import type { SendOutcome } from '../notifications/outcome';
import type { IncidentStatus, UrgentReason } from './model';

/** A report as a card may show it. Never carries a sealed (safeguarding) answer. */
export interface IncidentNotice {
  readonly incidentId: string;
  readonly reference: string;
  readonly typeLabel: string;
  readonly restricted: boolean;
  readonly status: IncidentStatus;
  readonly schoolName: string | undefined;
  readonly reporterName: string;
  readonly reportedAt: Date;
  /** The non-sealed answers as label and text; empty for a restricted report. */
  readonly lines: readonly { readonly label: string; readonly value: string }[];
  readonly ownerName: string | undefined;
  /** Data breaches: when the 72 hours from awareness run out. */
  readonly breachDeadlineAt: Date | undefined;
  /** Why the report is urgent now (a child in immediate danger, a breach's last 24 hours), if it is. */
  readonly urgency: UrgentReason | undefined;
}

/**
 * What someone who must make sure a report is acted on, but may not open it, learns of it: which
 * report, where and when, and why it is urgent. Never who reported it (for a concern about a child,
 * that is itself safeguarding detail) nor any answer.
 */
export type OversightNotice = Pick<
  IncidentNotice,
  'incidentId' | 'reference' | 'typeLabel' | 'restricted' | 'status' | 'schoolName' | 'reportedAt' | 'urgency'
>;

export const oversightNotice = (notice: IncidentNotice): OversightNotice => ({
  incidentId: notice.incidentId,
  reference: notice.reference,
  typeLabel: notice.typeLabel,
  restricted: notice.restricted,
  status: notice.status,
  schoolName: notice.schoolName,
  reportedAt: notice.reportedAt,
  urgency: notice.urgency,
});

/** What Conduct tells people about incidents, first. */
export type IncidentMessage =
  /** A new report, to the people holding the handling role (or the incidents channel): take ownership. */
  | { readonly kind: 'new'; readonly notice: IncidentNotice }
  /** Nobody took ownership in time: to the escalation roles. */
  | { readonly kind: 'escalated'; readonly notice: IncidentNotice; readonly reason: string }
  /**
   * To people who must make sure someone acts but may not open the report (the headteacher, of an
   * urgent concern about a child nobody has taken on): no detail, no button.
   */
  | { readonly kind: 'oversight'; readonly notice: OversightNotice; readonly reason: string }
  /** For information, to another role the report concerns (e.g. the DPO, of a lost device with personal data). */
  | { readonly kind: 'copy'; readonly notice: IncidentNotice; readonly reason: string }
  /** The ICO's clock: to the DPO, until the decision is recorded. */
  | { readonly kind: 'breach-reminder'; readonly notice: IncidentNotice; readonly hoursSinceAware: number }
  /** To the reporter: their report moved on, with what the handler wrote to them, if anything. */
  | {
      readonly kind: 'status';
      readonly notice: IncidentNotice;
      readonly message?: { readonly from: string; readonly text: string };
    };

/** The port the bot implements with cards and the proactive messenger. */
export interface IncidentNotifier {
  send(conversation: StoredConversation, message: IncidentMessage): Promise<SendOutcome>;
}
