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

const install = (): void => {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no Broker type or entry
  const Broker = require('kafkajs/src/broker') as { prototype: { joinGroup(request: JoinGroupRequest): Promise<unknown> } };
  const joinGroup = Broker.prototype.joinGroup;
  Broker.prototype.joinGroup = async function (this: unknown, request: JoinGroupRequest) {
    const hook = request.memberId ? hooks.get(hookKey(request.groupId, request.memberId)) : undefined;
    if (hook) await hook();
    return joinGroup.call(this, request);
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
