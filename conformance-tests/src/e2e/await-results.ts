import type { WorkflowHandle } from '@cadenza/core';

/**
 * Waits for every workflow's result. Past `timeoutMs` it fails, saying how many workflows and which ones
 * had no result yet and after what (`stage`), instead of hanging until the test's own timeout. A workflow
 * that fails rejects at once with its error.
 */
export const awaitResults = async (handles: readonly WorkflowHandle[], timeoutMs: number, stage: string): Promise<void> => {
  const pending = new Set(handles.map((h) => h.workflowId));
  const all = Promise.all(handles.map(async (h) => {
    await h.result();
    pending.delete(h.workflowId);
  }));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const ids = [...pending];
      const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? ', …' : '');
      reject(new Error(`${ids.length} of ${handles.length} workflows had no result ${timeoutMs / 1000} s after ${stage}: ${shown}`));
    }, timeoutMs);
  });
  try {
    await Promise.race([all, late]);
  } finally {
    clearTimeout(timer);
  }
};
