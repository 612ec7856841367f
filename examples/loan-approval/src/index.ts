export * from './loan-services';
export * from './loan-workflow';
export * from './run-loans';
