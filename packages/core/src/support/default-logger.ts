import pino from 'pino';
import type { Logger } from '../ports/logger.port';

/** The logger used when none is injected: pino, JSON lines on stderr. */
export const createDefaultLogger = (level = 'warn'): Logger => pino({ level, base: { lib: 'cadenza' } }, pino.destination(2));
