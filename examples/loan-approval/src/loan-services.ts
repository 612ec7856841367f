import { defineService, type ServiceImplementation } from '@cadenza/core';

/** Scores an application: 0 (no) to 1,000 (certainly). */
export interface ScoringService {
  score(applicant: string, amount: number): Promise<number>;
}
export const ScoringService = defineService<ScoringService>('ScoringService');

/** Tells the applicant the decision. */
export interface NotificationService {
  notify(applicant: string, message: string): Promise<void>;
}
export const NotificationService = defineService<NotificationService>('NotificationService');

/** A score from a fixed table (applicants not in it score 500), for the example and its tests. */
export const createScoringService = (scores: Readonly<Record<string, number>>): ServiceImplementation<ScoringService> => ({
  score: async (applicant) => scores[applicant] ?? 500,
});

/** Keeps the messages sent, per applicant. */
export const createNotificationService = (sent: Map<string, string[]>): ServiceImplementation<NotificationService> => ({
  notify: async (applicant, message) => {
    sent.set(applicant, [...(sent.get(applicant) ?? []), message]);
  },
});
