export * from './report-service';
export * from './report-workflow';
export * from './run-reports';
