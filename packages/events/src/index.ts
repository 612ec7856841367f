export * from './cadenza-cloud-event';
export * from './create-event-listener';
export * from './event-listener';
export * from './event-listener.options';
export * from './event-listener-config-error';
export * from './listener-stopped-error';
