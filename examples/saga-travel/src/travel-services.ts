import { defineService } from '@cadenza/core';

/** What a trip asks for. */
export interface Trip {
  readonly traveler: string;
  readonly from: string;
  readonly to: string;
  /** Nights at the destination. */
  readonly nights: number;
}

/** A flight booking and its cancellation; the booking id comes back from `book`. */
export interface FlightService {
  book(reference: string, traveler: string, from: string, to: string): Promise<string>;
  cancel(bookingId: string): Promise<void>;
}
export const FlightService = defineService<FlightService>('FlightService');

export interface HotelService {
  book(reference: string, traveler: string, city: string, nights: number): Promise<string>;
  cancel(bookingId: string): Promise<void>;
}
export const HotelService = defineService<HotelService>('HotelService');

export interface CarService {
  book(reference: string, traveler: string, city: string): Promise<string>;
  cancel(bookingId: string): Promise<void>;
}
export const CarService = defineService<CarService>('CarService');
