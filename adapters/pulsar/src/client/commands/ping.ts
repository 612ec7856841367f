/**
 * PING / PONG: keep-alive, sent by either side; the other answers PONG.
 *
 *   → PING {}   ← PONG {}
 *
 * A connection that hears nothing (no frame at all) for two keep-alive intervals is considered dead.
 */
import { type BaseCommand, CommandType } from '../proto/pulsar-api.types';

export const pingCommand = (): BaseCommand => ({ type: CommandType.PING, ping: {} });
export const pongCommand = (): BaseCommand => ({ type: CommandType.PONG, pong: {} });
