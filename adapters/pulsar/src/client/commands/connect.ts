/**
 * CONNECT / CONNECTED: the handshake, the first frame each way on a new TCP connection.
 *
 *   client → CONNECT   { client_version, protocol_version, [auth_method_name: "token", auth_data: <JWT>], feature_flags }
 *   broker → CONNECTED { server_version, protocol_version, max_message_size }
 *          | ERROR     { request_id: 0, error, message }   (e.g. UnsupportedVersionError, AuthenticationError)
 *
 * The broker answers with the lower of both protocol versions; this client needs at least 15.
 *
 *   broker → AUTH_CHALLENGE { challenge { auth_method_name, auth_data } }   (the token is about to expire)
 *   client → AUTH_RESPONSE  { client_version, protocol_version, response { auth_method_name: "token", auth_data } }
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
    clientVersion, protocolVersion: PROTOCOL_VERSION, featureFlags: { supportsAuthRefresh: token !== undefined },
    ...(token === undefined ? {} : { authMethodName: 'token', authData: Buffer.from(token, 'utf8') }),
  },
});

/** The answer to AUTH_CHALLENGE: the (possibly renewed) token. */
export const authResponseCommand = (clientVersion: string, token: string): BaseCommand => ({
  type: CommandType.AUTH_RESPONSE,
  authResponse: {
    clientVersion, protocolVersion: PROTOCOL_VERSION,
    response: { authMethodName: 'token', authData: Buffer.from(token, 'utf8') },
  },
});
