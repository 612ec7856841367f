import { startTravelDesk } from './run-travel';
import { TravelWorkflow } from './travel-workflow';

const trip = { traveler: 'ada', from: 'LHR', to: 'LIS', nights: 3 };

/** `npm start`: books a trip that goes through, then one whose car is sold out, and prints what each did. */
const main = async (): Promise<void> => {
  for (const soldOut of [[], ['car']] as const) {
    const desk = await startTravelDesk({ soldOut });
    try {
      const outcome = await desk.client.newWorkflow(TravelWorkflow).book(trip);
      console.log(`\n${soldOut.length === 0 ? 'Everything available' : `Sold out: ${soldOut.join(', ')}`} → ${outcome.status}`);
      console.log(JSON.stringify(outcome, null, 2));
      for (const line of desk.agencies.log) console.log(`  ${line}`);
    } finally {
      await desk.stop();
    }
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
