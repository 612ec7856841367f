import pino, { type DestinationStream } from 'pino';
import type { Logger } from '../ports/logger.port';

const SECRET_FIELDS = ['password', 'token', 'secret', 'connectionString', 'sasl.password', 'authorization'];
/** Signing secrets sit deeper than one object down: `signing.keys[n].secret`, at the top or inside a config. */
const SIGNING_SECRETS = ['signing.keys[*].secret', 'keys[*].secret', '*.signing.keys[*].secret', '*.keys[*].secret'];

/**
 * The logger used when none is injected: pino, JSON lines on stderr. Fields that hold secrets (passwords,
 * tokens, connection strings, at the top of a log line or one object down, and signing secrets) are written as `***`.
 */
export const createDefaultLogger = (level = 'warn', destination: DestinationStream = pino.destination(2)): Logger =>
  pino({ level, base: { lib: 'cadenza' }, redact: { paths: [...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]), ...SIGNING_SECRETS], censor: '***' } }, destination);
