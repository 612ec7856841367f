/** TEMPORARY until @cadenza/core exports CadenzaCloudEvent (wt/events-core). */
export interface CadenzaCloudEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject?: string;
  readonly [extension: string]: unknown;
}
