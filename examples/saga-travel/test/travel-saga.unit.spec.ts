import type { Logger } from '@cadenza/core';
import { expect } from 'chai';
import { startTravelDesk, type Step, type TravelDesk, TravelWorkflow } from '../src';

const trip = { traveler: 'ada', from: 'LHR', to: 'LIS', nights: 3 };
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('examples/saga-travel', () => {
  let desk: TravelDesk | undefined;
  afterEach(async () => {
    await desk?.stop();
    desk = undefined;
  });
  const book = async (soldOut: Step[], cacheSize?: number) => {
    desk = await startTravelDesk({ soldOut, logger: silent, ...(cacheSize !== undefined ? { cacheSize } : {}) });
    return desk.client.newWorkflow(TravelWorkflow).book(trip);
  };

  for (const cacheSize of [10_000, 0]) {
    describe(cacheSize === 0 ? 'replaying every step' : 'with a warm cache', () => {
      it('books the flight, the hotel and the car when all are available, and cancels nothing', async () => {
        const outcome = await book([], cacheSize);
        expect(outcome).to.deep.include({ status: 'booked', flight: 'F-1', hotel: 'H-2', car: 'C-3' });
        expect(outcome.reference).to.match(UUID);
        expect(desk!.agencies.log).to.deep.equal(['book flight F-1', 'book hotel H-2', 'book car C-3']);
      });

      it('cancels the hotel, then the flight, when the car is sold out', async () => {
        const outcome = await book(['car'], cacheSize);
        expect(outcome).to.deep.include({ status: 'canceled', failedStep: 'car', reason: 'no car available', compensated: ['hotel', 'flight'] });
        expect(desk!.agencies.log).to.deep.equal(['book flight F-1', 'book hotel H-2', 'cancel hotel H-2', 'cancel flight F-1']);
      });

      it('cancels only the flight when the hotel is full, and books no car', async () => {
        const outcome = await book(['hotel'], cacheSize);
        expect(outcome).to.deep.include({ status: 'canceled', failedStep: 'hotel', compensated: ['flight'] });
        expect(desk!.agencies.log).to.deep.equal(['book flight F-1', 'cancel flight F-1']);
      });

      it('cancels nothing when the first step fails', async () => {
        const outcome = await book(['flight'], cacheSize);
        expect(outcome).to.deep.include({ status: 'canceled', failedStep: 'flight', reason: 'no flight available', compensated: [] });
        expect(desk!.agencies.log).to.deep.equal([]);
      });
    });
  }
});
