export * from './order-workflow';
export * from './shop';
export * from './shop-service';
