/** One live connection per broker address, opened on first use and replaced after it closes. */
import { Connection, type ConnectionOptions } from './connection';
import type { BrokerAddress } from './service-url';

export class ConnectionPool {
  private readonly byUrl = new Map<string, Promise<Connection>>();
  private closed = false;

  constructor(private readonly o: ConnectionOptions) {}

  get(address: BrokerAddress): Promise<Connection> {
    const existing = this.byUrl.get(address.url);
    if (existing) return existing;
    const opening = Connection.open(address, this.o).then(
      (conn) => {
        if (this.closed) conn.close();
        conn.onClose(() => {
          if (this.byUrl.get(address.url) === opening) this.byUrl.delete(address.url);
        });
        return conn;
      },
      (error: unknown) => {
        this.byUrl.delete(address.url);
        throw error;
      },
    );
    this.byUrl.set(address.url, opening);
    return opening;
  }

  /** Closes every connection (for tests: drops them to force reconnects). */
  async closeAll(): Promise<void> {
    const all = [...this.byUrl.values()];
    this.byUrl.clear();
    for (const opening of all) (await opening.catch(() => undefined))?.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.closeAll();
  }
}
