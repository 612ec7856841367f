export * from './attempt-streak';
export * from './attempt-streak-alert';
export * from './attempt-streak.options';
export * from './task-event-types';
export * from './flaky-demo';
export * from './task-alerts';
