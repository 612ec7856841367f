import { StreamDeletedError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { expect } from 'chai';
import { translateEsdbError } from '../src';

const call = { operation: 'append' as const, stream: 'wf-1', target: 'es:2113', deadlineMs: 500, expected: 3 };

describe('translateEsdbError', () => {
  it('makes WrongExpectedVersion a ConcurrencyError with both revisions as numbers', () => {
    const driver = new WrongExpectedVersionError(undefined, { streamName: 'wf-1', expected: 3n, current: 5n });
    expect(translateEsdbError(driver, call)).to.include({ code: 'CONCURRENCY', stream: 'wf-1', expected: 3, actual: 5, cause: driver });
  });

  it('reads a missing stream in WrongExpectedVersion as no-stream', () => {
    const driver = new WrongExpectedVersionError(undefined, { streamName: 'wf-1', expected: 3n, current: 'no_stream' });
    expect(translateEsdbError(driver, call)).to.include({ code: 'CONCURRENCY', actual: 'no-stream' });
  });

  it('makes StreamDeleted our StreamDeletedError', () => {
    expect(translateEsdbError(StreamDeletedError.fromStreamName('wf-1'), call)).to.include({ code: 'STREAM_DELETED', stream: 'wf-1' });
  });

  it('makes Unavailable, and a bare gRPC UNAVAILABLE from the feature probe, retriable TransportErrors', () => {
    const bare = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established' });
    for (const error of [new UnavailableError(undefined, 'down'), bare]) {
      const translated = translateEsdbError(error, call) as Error & Record<string, unknown>;
      expect(translated).to.include({ code: 'TRANSPORT', retriable: true });
      expect(translated.message).to.contain('es:2113');
    }
  });

  it('makes a bare gRPC DEADLINE_EXCEEDED a TimeoutError with our bound', () => {
    const bare = Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4, details: 'Deadline exceeded' });
    expect(translateEsdbError(bare, call)).to.include({ code: 'TIMEOUT', timeoutMs: 500 });
  });

  it('leaves anything else alone', () => {
    const bug = new TypeError('x is undefined');
    expect(translateEsdbError(bug, call)).to.equal(bug);
  });
});
