import { mustReachBroker } from './support/broker';

// Runs first in the int tier: a missing broker fails the run with the command that starts it.
before('Pulsar broker is running (infra/pulsar/start.sh)', async function () {
  this.timeout(10_000);
  await mustReachBroker();
});
