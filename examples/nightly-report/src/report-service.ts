import { defineService, type ServiceImplementation } from '@cadenza/core';

/** Compiles the report of one region for one night. */
export interface Reports {
  compile(region: string, night: string): Promise<string>;
}
export const Reports = defineService<Reports>('Reports');

/** A report service that keeps what it compiled in `compiled` (once per region and night). */
export const createReportService = (compiled: Array<{ region: string; night: string }>): ServiceImplementation<Reports> => ({
  compile: async (region, night) => {
    if (!compiled.some((report) => report.region === region && report.night === night)) compiled.push({ region, night });
    return `report-${region}-${night}`;
  },
});
