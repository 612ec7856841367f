import { logLevel, type logCreator } from 'kafkajs';

/** The part of a pino logger the adapter uses; pass `logger.child({ component: 'kafka' })`. */
export interface KafkaLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** A logger that drops everything: the default, since library code never writes to the console. */
export const silentLogger: KafkaLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Routes kafkajs's own log lines to `logger` (kafkajs info and debug lines go to debug). */
export const kafkajsLogCreator = (logger: KafkaLogger): logCreator => () => ({ namespace, level, log }) => {
  const { message, ...extra } = log;
  const fields = { component: 'kafkajs', namespace, ...extra };
  if (level === logLevel.ERROR) logger.error(fields, message);
  else if (level === logLevel.WARN) logger.warn(fields, message);
  else logger.debug(fields, message);
};
