import * as t from 'io-ts';
import { JsonValue } from './json';
import { ParentRef } from './parent-ref';

const workflowTarget = { workflowName: t.string, workflowId: t.string };

/**
 * Run `method` on the running instance `workflowId`, beside its main method and sharing its properties.
 * The result goes to `replyTo` (a client), or to the `caller` step of another workflow.
 */
export const RunMethod = t.intersection([
  t.type({ kind: t.literal('RunMethod'), ...workflowTarget, method: t.string, args: t.array(JsonValue) }),
  t.partial({ replyTo: t.string, caller: ParentRef }),
]);

/**
 * Ask a query (a name the class lists in `static queries`) of the instance: answered to `replyTo` from the
 * live instance, with no history event.
 */
export const QueryWorkflow = t.type({ kind: t.literal('QueryWorkflow'), ...workflowTarget, query: t.string, args: t.array(JsonValue), replyTo: t.string });
