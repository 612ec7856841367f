import type { Logger } from '@cadenza/core';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message?: string;
}

/** A logger that keeps every line (children included) in `lines`, for tests that wait on what was logged. */
export const recordingLogger = (lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } => {
  const at = (level: LogLine['level']) => (fields: object, message?: string) =>
    void lines.push({ level, fields: { ...bindings, ...fields }, ...(message !== undefined ? { message } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => recordingLogger(lines, { ...bindings, ...more }) };
};
