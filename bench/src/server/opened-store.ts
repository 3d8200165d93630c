/**
 * What a variant's store setup hands the server: how to fill it directly, how big it is, how
 * many SQL statements went out, and how to close it.
 *
 * @module
 */

export interface OpenedStore<S> {
  store: S;
  /** Put `count` more live sessions of other users straight into the store. */
  fill(count: number): Promise<void>;
  /** Sessions held, where the store can tell cheaply; else `null`. */
  size(): Promise<number | null>;
  /** SQL statements sent so far (PostgreSQL), else `null`. */
  queries(): number | null;
  close(): Promise<void>;
}

/** Thrown when a variant cannot run here: its store module is not written yet, or its server is down. */
export class NotAvailable extends Error {
  override readonly name = 'NotAvailable';
}
