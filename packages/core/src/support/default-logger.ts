import pino, { type DestinationStream } from 'pino';
import type { Logger } from '../ports/logger.port';

const SECRET_FIELDS = ['password', 'token', 'secret', 'connectionString', 'sasl.password', 'authorization'];

/**
 * The logger used when none is injected: pino, JSON lines on stderr. Fields that hold secrets (passwords,
 * tokens, connection strings, at the top of a log line or one object down) are written as `***`.
 */
export const createDefaultLogger = (level = 'warn', destination: DestinationStream = pino.destination(2)): Logger =>
  pino({ level, base: { lib: 'cadenza' }, redact: { paths: SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: '***' } }, destination);
