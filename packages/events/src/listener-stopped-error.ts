/**
 * Why a delivery whose handler was still being retried was not acknowledged: the listener stopped. It is
 * retriable (transient), so the transport neither counts it toward `maxDeliveries` nor dead-letters it: the
 * events are delivered again to the group, to this listener once it runs again or to another member.
 */
export class ListenerStoppedError extends Error {
  readonly code = 'CLOSED';
  readonly retriable = true;
  constructor(readonly group: string) {
    super(`event listener of group ${group} stopped while a handler was being retried; its events will be delivered again`);
    this.name = 'ListenerStoppedError';
  }
}
