import type { streams } from './proto';
import type { ProposedEvent } from './stream-log';
import { fromWireUuid } from './uuid';

type WireProposed = streams.AppendReq.ProposedMessage | streams.BatchAppendReq.ProposedMessage;

/** An event as proposed on the wire, or `undefined` when `type` or `content-type` is missing (the server refuses those). */
export const fromProposed = (m: WireProposed): ProposedEvent | undefined => {
  const meta = m.getMetadataMap();
  const type = meta.get('type');
  const contentType = meta.get('content-type');
  if (type === undefined || contentType === undefined) return undefined;
  return { id: fromWireUuid(m.getId()), type, contentType, data: m.getData_asU8(), metadata: m.getCustomMetadata_asU8() };
};

/** Roughly what the server counts against its maximum append size. */
export const sizeOf = (e: ProposedEvent): number => e.data.length + e.metadata.length + e.type.length;
