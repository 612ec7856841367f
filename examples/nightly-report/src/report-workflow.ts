import { Workflow } from '@cadenza/core';
import { Reports } from './report-service';

/**
 * Builds one night's report. A schedule starts it with the id `<scheduleId>@<tick as ISO time>`, so the
 * night it is for is in its id: a run started twice for one tick (a redelivery, a second worker) is one run.
 */
export class ReportWorkflow extends Workflow {
  private readonly reports = this.newService(Reports);

  async build(region: string): Promise<string> {
    const night = this.workflowId.slice(this.workflowId.lastIndexOf('@') + 1, this.workflowId.lastIndexOf('@') + 11);
    return this.reports.compile(region, night);
  }
}

/** The nightly schedule: at 02:30 UTC every night. */
export const NIGHTLY = '30 2 * * *';
