import { Deferred, Workflow } from '@cadenza/core';
import * as t from 'io-ts';
import { NotificationService, ScoringService } from './loan-services';

/** A loan application. `approvalTimeoutMs`: how long a loan officer has to answer. */
export interface LoanApplication {
  readonly applicant: string;
  readonly amount: number;
  readonly approvalTimeoutMs: number;
}

/** What a loan officer sends on the `approval` channel. */
export interface Approval {
  readonly approved: boolean;
  readonly officer: string;
}

/** The outcome of an application. */
export type LoanDecision =
  | { readonly status: 'approved'; readonly officer: string; readonly score: number }
  | { readonly status: 'rejected'; readonly reason: 'low score' | 'declined' | 'no answer in time'; readonly score: number; readonly officer?: string };

/** Where an application stands, as the `status` query answers it. */
export type LoanStatus = 'scoring' | 'waiting for approval' | 'approved' | 'rejected';

/** Scores below this are rejected without asking an officer. */
export const MIN_SCORE = 400;

const Application = t.type({
  applicant: t.string,
  amount: t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'PositiveAmount'),
  approvalTimeoutMs: t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'PositiveDuration'),
});

/**
 * Scores the application, then waits for a loan officer's `approval` signal, at most `approvalTimeoutMs`:
 * the signal and a durable timer race in `Deferred.any`, and the timer winning rejects the loan. The wait
 * survives restarts: the timer and the signal are in the history, so a replay decides the same. The `status`
 * query tells a client where the application stands meanwhile.
 */
export class LoanWorkflow extends Workflow {
  static readonly methods = { apply: { args: t.tuple([Application]) } };
  /** Clients read `status` while the loan waits: `client.getById(LoanWorkflow, id).query('status')`. */
  static readonly queries = ['status'];

  /** Where the application stands; answered to queries from the live instance, with no history event. */
  status: LoanStatus = 'scoring';

  private readonly scoring = this.newService(ScoringService);
  private readonly notifications = this.newService(NotificationService);

  async apply(application: LoanApplication): Promise<LoanDecision> {
    const { applicant, amount, approvalTimeoutMs } = application;
    const score = await this.scoring.score(applicant, amount);
    if (score < MIN_SCORE) return this.decide(applicant, { status: 'rejected', reason: 'low score', score });
    this.status = 'waiting for approval';
    const answer = await Deferred.any<Approval | void>(this.channel<Approval>('approval').receive(), this.timer(approvalTimeoutMs));
    if (!answer) return this.decide(applicant, { status: 'rejected', reason: 'no answer in time', score });
    return this.decide(applicant, answer.approved
      ? { status: 'approved', officer: answer.officer, score }
      : { status: 'rejected', reason: 'declined', score, officer: answer.officer });
  }

  private async decide(applicant: string, decision: LoanDecision): Promise<LoanDecision> {
    this.status = decision.status;
    await this.notifications.notify(applicant, decision.status === 'approved' ? `approved by ${decision.officer}` : `rejected: ${decision.reason}`);
    return decision;
  }
}
