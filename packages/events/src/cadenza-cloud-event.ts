/** A Cadenza event as the `cloudevents` SDK's CloudEvent; re-exported so a listener needs no direct dependency. */
export type { CadenzaCloudEvent } from '@cadenza/core';
