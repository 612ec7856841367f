export * from './cadenza-cloud-event';
export * from './cloud-event-id';
export * from './cloud-events-of';
export * from './cloud-events-of-history';
export * from './event-catalogue';
export * as eventData from './event-data';
