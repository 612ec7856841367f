import { createInMemoryTransport } from '@cadenza/in-memory';
import { describeSignedEnvelopes } from '../../src';

// Workers and clients built from `transport: { type: in-memory }` share the process-wide broker, as the
// unsigned transport does: the forger writes to the very topics the worker reads.
describeSignedEnvelopes({
  name: 'in-memory',
  transportConfig: () => ({ type: 'in-memory' }),
  createRawTransport: async () => createInMemoryTransport(),
  teardown: async () => undefined,
});
