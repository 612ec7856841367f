/**
 * CONNECT / CONNECTED: the handshake, the first frame each way on a new TCP connection.
 *
 *   client → CONNECT   { client_version, protocol_version, [auth_method_name: "token", auth_data: <JWT>], feature_flags }
 *   broker → CONNECTED { server_version, protocol_version, max_message_size }
 *          | ERROR     { request_id: 0, error, message }   (e.g. UnsupportedVersionError, AuthenticationError)
 *
 * The broker answers with the lower of both protocol versions; this client needs at least 15.
 */
import { type BaseCommand, CommandType } from '../proto/pulsar-api.types';

/** The protocol version this client speaks. */
export const PROTOCOL_VERSION = 19;
/** Versions below this lack features this client relies on. */
export const MIN_PROTOCOL_VERSION = 15;

/** CONNECT, with token authentication (`auth_method_name: "token"`, `auth_data`: the token) when given. */
export const connectCommand = (clientVersion: string, token?: string): BaseCommand => ({
  type: CommandType.CONNECT,
  connect: {
    clientVersion, protocolVersion: PROTOCOL_VERSION, featureFlags: { supportsAuthRefresh: false },
    ...(token === undefined ? {} : { authMethodName: 'token', authData: Buffer.from(token, 'utf8') }),
  },
});
