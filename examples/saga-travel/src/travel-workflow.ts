import { hasErrorCode, Workflow } from '@cadenza/core';
import { CarService, FlightService, HotelService, type Trip } from './travel-services';

/** A booked trip: its reference and the id of each booking. */
export interface Itinerary {
  readonly status: 'booked';
  readonly reference: string;
  readonly flight: string;
  readonly hotel: string;
  readonly car: string;
}

/** A trip that could not be booked: which step failed, why, and what was cancelled, in the order it was. */
export interface CanceledTrip {
  readonly status: 'canceled';
  readonly reference: string;
  readonly failedStep: string;
  readonly reason: string;
  readonly compensated: string[];
}

/**
 * The saga: book the flight, then the hotel, then the car. Each booking that succeeds pushes what undoes it;
 * when a step fails for good (its service's retries spent), the undo steps run in reverse order — the car is
 * never booked, so the hotel is cancelled, then the flight — and the trip ends as canceled. Every step is a
 * task recorded in history, so a crash anywhere resumes the saga where it was, compensations included.
 */
export class TravelWorkflow extends Workflow {
  private readonly flights = this.newService(FlightService);
  private readonly hotels = this.newService(HotelService);
  private readonly cars = this.newService(CarService);

  async book(trip: Trip): Promise<Itinerary | CanceledTrip> {
    // One reference for every booking of this trip: the same on every replay, so the services can dedupe by it.
    const reference = this.uuid();
    const compensations: Array<{ step: string; undo: () => PromiseLike<void> }> = [];
    let step = 'flight';
    try {
      const flight = await this.flights.book(reference, trip.traveler, trip.from, trip.to);
      compensations.push({ step: 'flight', undo: () => this.flights.cancel(flight) });
      step = 'hotel';
      const hotel = await this.hotels.book(reference, trip.traveler, trip.to, trip.nights);
      compensations.push({ step: 'hotel', undo: () => this.hotels.cancel(hotel) });
      step = 'car';
      const car = await this.cars.book(reference, trip.traveler, trip.to);
      return { status: 'booked', reference, flight, hotel, car };
    } catch (error) {
      if (!hasErrorCode(error, 'TASK_FAILED')) throw error;
      const compensated: string[] = [];
      for (const { step: done, undo } of compensations.reverse()) {
        await undo();
        compensated.push(done);
      }
      return { status: 'canceled', reference, failedStep: step, reason: ((error as Error).cause as Error).message, compensated };
    }
  }
}
