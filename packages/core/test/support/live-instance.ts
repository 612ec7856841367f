import { WorkflowInstance } from '../../src/engine/workflow-instance';
import type { HistoryEvent, HistoryEventOf } from '../../src/model/history-events';
import type { WorkflowClass } from '../../src/workflow/workflow';
import { turn, workflowStarted } from './history';

/** A new instance run live until it first waits; its commands are recorded, as the engine does. */
export const startLive = async (workflowClass: WorkflowClass, method: string, args: unknown[], workflowId = 'w1', at = 1_000): Promise<WorkflowInstance> => {
  const started = workflowStarted(workflowClass.name, method, args) as HistoryEventOf<'WorkflowStarted'>;
  const instance = new WorkflowInstance(workflowClass, started, workflowId);
  instance.time = at;
  instance.apply(started, 'live');
  await turn();
  return instance;
};

/** Records the commands the code produced since the last look, and returns them. */
export const record = (instance: WorkflowInstance): HistoryEvent[] => {
  const commands = instance.takeCommands();
  for (const command of commands) instance.apply(command, 'live');
  return commands;
};
