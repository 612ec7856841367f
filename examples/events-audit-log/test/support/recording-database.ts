import type { AuditConnection, AuditDatabase } from '../../src/audit-database.port';

/** A database double that records every query and release, and fails the queries `failOn` matches. */
export class RecordingDatabase implements AuditDatabase {
  readonly queries: { text: string; values?: unknown[] }[] = [];
  readonly releases: (Error | boolean | undefined)[] = [];
  failOn?: RegExp;
  rowCount = 0;

  async connect(): Promise<AuditConnection> {
    return {
      query: async (text, values) => {
        this.queries.push({ text, values });
        if (this.failOn?.test(text)) throw new Error(`refused: ${text.slice(0, 20)}`);
        return { rowCount: /^INSERT/.test(text) ? this.rowCount : null };
      },
      release: (error) => { this.releases.push(error); },
    };
  }

  statements(): string[] {
    return this.queries.map((q) => q.text.split(/\s/, 1)[0]!);
  }
}
