import { streams } from './proto';
import type { ExpectedState } from './stream-log';

type WithRevisionCase = streams.AppendReq.Options | streams.DeleteReq.Options | streams.TombstoneReq.Options;

/** The expected revision of an Append, Delete or Tombstone request (their oneofs share field numbers). */
export const expectedFromOptions = (o: WithRevisionCase): ExpectedState => {
  switch (o.getExpectedStreamRevisionCase() as number) {
    case 2:
      return { kind: 'revision', revision: BigInt(o.getRevision()) };
    case 3:
      return { kind: 'no-stream' };
    case 5:
      return { kind: 'stream-exists' };
    default:
      return { kind: 'any' };
  }
};

/** The expected revision of a BatchAppend request. */
export const expectedFromBatchOptions = (o: streams.BatchAppendReq.Options): ExpectedState => {
  switch (o.getExpectedStreamPositionCase()) {
    case streams.BatchAppendReq.Options.ExpectedStreamPositionCase.STREAM_POSITION:
      return { kind: 'revision', revision: BigInt(o.getStreamPosition()) };
    case streams.BatchAppendReq.Options.ExpectedStreamPositionCase.NO_STREAM:
      return { kind: 'no-stream' };
    case streams.BatchAppendReq.Options.ExpectedStreamPositionCase.STREAM_EXISTS:
      return { kind: 'stream-exists' };
    default:
      return { kind: 'any' };
  }
};

/** The server's numeric form of an expectation, used in error trailers: any -2, no stream -1, stream exists -4. */
export const expectedAsNumber = (e: ExpectedState): bigint =>
  e.kind === 'revision' ? e.revision : e.kind === 'no-stream' ? -1n : e.kind === 'stream-exists' ? -4n : -2n;
