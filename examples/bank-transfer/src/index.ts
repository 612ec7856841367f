export * from './bank-implementations';
export * from './bank-service';
export * from './bank-workflow';
export * from './email-service';
export * from './example-config';
export * from './ledger';
export * from './recording-history-store';
export * from './run-bank';
