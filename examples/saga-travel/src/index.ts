export * from './run-travel';
export * from './travel-agencies';
export * from './travel-services';
export * from './travel-workflow';
