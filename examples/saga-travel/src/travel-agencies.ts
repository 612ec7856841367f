import { type ServiceImplementation, TerminalTaskError } from '@cadenza/core';
import type { CarService, FlightService, HotelService } from './travel-services';

/** Which service refuses every booking (a sold-out route, a full hotel, no car left). */
export type Step = 'flight' | 'hotel' | 'car';

/**
 * In-memory stand-ins for three booking systems, sharing one log of what they did, in order. Booking is
 * idempotent by trip reference (a retried or redelivered task books nothing twice); a refused step throws a
 * `TerminalTaskError`, so it fails at once instead of after the retries.
 */
export class TravelAgencies {
  /** What was booked and cancelled, in order: `book flight F-1`, `cancel flight F-1`, … */
  readonly log: string[] = [];
  private readonly bookings = new Map<string, string>();
  private next = 1;

  constructor(readonly soldOut: ReadonlySet<Step> = new Set()) {}

  private book(step: Step, reference: string): string {
    const key = `${step}/${reference}`;
    const known = this.bookings.get(key);
    if (known) return known;
    if (this.soldOut.has(step)) throw new TerminalTaskError(`no ${step} available`);
    const id = `${step[0]!.toUpperCase()}-${this.next++}`;
    this.bookings.set(key, id);
    this.log.push(`book ${step} ${id}`);
    return id;
  }

  private cancel(step: Step, bookingId: string): void {
    if (!this.log.includes(`cancel ${step} ${bookingId}`)) this.log.push(`cancel ${step} ${bookingId}`);
  }

  flights(): ServiceImplementation<FlightService> {
    return { book: async (reference) => this.book('flight', reference), cancel: async (id) => this.cancel('flight', id) };
  }

  hotels(): ServiceImplementation<HotelService> {
    return { book: async (reference) => this.book('hotel', reference), cancel: async (id) => this.cancel('hotel', id) };
  }

  cars(): ServiceImplementation<CarService> {
    return { book: async (reference) => this.book('car', reference), cancel: async (id) => this.cancel('car', id) };
  }
}
