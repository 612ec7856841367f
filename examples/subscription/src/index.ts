export * from './billing-service';
export * from './run-subscriptions';
export * from './subscription-workflow';
