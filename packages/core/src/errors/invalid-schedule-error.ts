import { CadenzaError } from './cadenza-error';

/**
 * A schedule that cannot run as given: a cron expression with a bad field, an `every` under one second, an
 * unknown `overlap` or `timezone`, or a second `client.schedule` under an id in use by another spec. `field`
 * names what is wrong (`cron.minute`, `every`, `id`…), `reason` says why.
 */
export class InvalidScheduleError extends CadenzaError {
  readonly code = 'INVALID_SCHEDULE';
  readonly retriable = false;
  constructor(readonly field: string, readonly reason: string, readonly value: string) {
    super(`invalid schedule: ${field} ${JSON.stringify(value)}: ${reason}`);
  }
}
