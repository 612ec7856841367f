export * from './event-listener';
export * from './event-listener.options';
export * from './event-listener-config-error';
export * from './listener-stopped-error';
