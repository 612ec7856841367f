export * from './measure-history-store';
