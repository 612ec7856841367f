import * as t from 'io-ts';

/** Where a child workflow reports back to: its parent instance and the step that awaits it. */
export const ParentRef = t.type({ workflowName: t.string, workflowId: t.string, seq: t.number });
export type ParentRef = t.TypeOf<typeof ParentRef>;
