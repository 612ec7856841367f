/** The CloudEvent types the alert reads (from the Cadenza event catalogue). */
export const TASK_ATTEMPT_FAILED = 'io.cadenza.task.attempt.failed';

/** Types that end a task's run of attempts: after one of them the task's streak is forgotten. */
export const TASK_ENDED: readonly string[] = ['io.cadenza.task.completed', 'io.cadenza.task.failed', 'io.cadenza.task.deadlettered'];
