export * from './fan-out-workflow';
export * from './run-fan-out';
export * from './square-service';
