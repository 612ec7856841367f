import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { expectedAsNumber, expectedFromOptions } from './expected-state';
import { streams } from './proto';
import { streamDeleted, wrongExpectedVersion } from './rpc-errors';
import type { StreamLog } from './stream-log';

type DeleteLike = streams.DeleteReq | streams.TombstoneReq;

/**
 * `Streams.Delete` (soft: the stream can be written again) and `Streams.Tombstone` (for good). Unlike an
 * append, a conflict here is an error with the versions in its trailers, as the server sends it.
 */
const handleDeletion =
  <Req extends DeleteLike, Resp extends streams.DeleteResp | streams.TombstoneResp>(log: StreamLog, mode: 'soft' | 'tombstone', answer: (position: string) => Resp) =>
  (call: ServerUnaryCall<Req, Resp>, callback: sendUnaryData<Resp>): void => {
    const o = call.request.getOptions()!;
    const name = Buffer.from(o.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
    const expected = expectedFromOptions(o);
    const outcome = log.delete(name, expected, mode);
    if (outcome.result === 'stream-deleted') return callback(streamDeleted(name));
    if (outcome.result === 'wrong-expected-version') {
      return callback(wrongExpectedVersion('Delete', name, expectedAsNumber(expected), outcome.currentRevision));
    }
    callback(null, answer(outcome.position.toString()));
  };

export const handleDelete = (log: StreamLog) =>
  handleDeletion<streams.DeleteReq, streams.DeleteResp>(log, 'soft', (p) =>
    new streams.DeleteResp().setPosition(new streams.DeleteResp.Position().setCommitPosition(p).setPreparePosition(p)),
  );

export const handleTombstone = (log: StreamLog) =>
  handleDeletion<streams.TombstoneReq, streams.TombstoneResp>(log, 'tombstone', (p) =>
    new streams.TombstoneResp().setPosition(new streams.TombstoneResp.Position().setCommitPosition(p).setPreparePosition(p)),
  );
