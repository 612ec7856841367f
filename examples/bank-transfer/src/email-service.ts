import { defineService } from '@cadenza/core';

/** Sends the confirmation email. */
export interface EmailService {
  send(wireId: string, emitterId: string, amount: number): Promise<void>;
}

export const EmailService = defineService<EmailService>('EmailService');
