/**
 * kafkajs has no "partitions revoked" callback: when a rebalance starts it sends JoinGroup at once, and the
 * coordinator may give this member's partitions to another while handlers still run here, so one key could
 * be handled by two members at once. This wraps kafkajs's `Broker.joinGroup` (kafkajs 2.2.4 is the last
 * release, so the wrapped method does not move) to first run the hook registered for that group member:
 * the member finishes what runs and commits it, and only then rejoins. The coordinator holds the others'
 * joins until then (up to the rebalance timeout), so the next owner starts after the last commit.
 */
type Hook = () => Promise<void>;

interface JoinGroupRequest {
  readonly groupId: string;
  readonly memberId?: string;
}

const hooks = new Map<string, Hook>();
let installed = false;

const hookKey = (groupId: string, memberId: string): string => `${groupId}\u0000${memberId}`;

/** `groupInstanceId` per group of this process: its members join as static members (KIP-345). */
const staticIds = new Map<string, string>();

interface BrokerInternals {
  lookupRequest(apiKey: number, definition: unknown): (request: object) => unknown;
  [key: symbol]: (request: unknown) => Promise<unknown>;
}

const install = (): void => {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no Broker type or entry
  const Broker = require('kafkajs/src/broker') as { prototype: { joinGroup(request: JoinGroupRequest): Promise<unknown> } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above: the JoinGroup request kafkajs builds
  const { requests } = require('kafkajs/src/protocol/requests') as { requests: { JoinGroup: unknown } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const apiKeys = require('kafkajs/src/protocol/requests/apiKeys') as { JoinGroup: number };
  const joinGroup = Broker.prototype.joinGroup;
  const sendRequest = Object.getOwnPropertySymbols(Broker.prototype).find((s) => s.description === 'private:Broker:sendRequest');
  Broker.prototype.joinGroup = async function (this: BrokerInternals, request: JoinGroupRequest) {
    const hook = request.memberId ? hooks.get(hookKey(request.groupId, request.memberId)) : undefined;
    if (hook) await hook();
    const groupInstanceId = staticIds.get(request.groupId);
    if (groupInstanceId === undefined || sendRequest === undefined) return joinGroup.call(this, request);
    // kafkajs's own joinGroup drops groupInstanceId; its JoinGroup v5 request carries it. A static member
    // gets its member id at once (no MEMBER_ID_REQUIRED round trip).
    const build = this.lookupRequest(apiKeys.JoinGroup, requests.JoinGroup);
    return this[sendRequest]!(build({ protocolType: 'consumer', ...request, memberId: request.memberId ?? '', groupInstanceId }));
  };
};

/**
 * Makes this process's members of `groupId` static members named `groupInstanceId`: a member that restarts
 * with the same name takes back its partitions at once, without a rebalance, and a member that dies keeps
 * them until its session times out. Returns a function that removes it.
 */
export const staticMembership = (groupId: string, groupInstanceId: string): (() => void) => {
  install();
  staticIds.set(groupId, groupInstanceId);
  return () => {
    if (staticIds.get(groupId) === groupInstanceId) staticIds.delete(groupId);
  };
};

/** Runs `hook` before member `memberId` of `groupId` rejoins its group; returns a function that removes it. */
export const beforeRejoin = (groupId: string, memberId: string, hook: Hook): (() => void) => {
  install();
  const key = hookKey(groupId, memberId);
  hooks.set(key, hook);
  return () => {
    if (hooks.get(key) === hook) hooks.delete(key);
  };
};
