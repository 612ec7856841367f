export * from './long-workflow';
export * from './step-service';
export * from './suspended-workflow';
export * from './queried-workflow';
export * from './batched-workflow';
export * from './timer-workflow';
