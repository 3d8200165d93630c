/**
 * The pieces of one Redis store that its operations share, handed to the modules that carry out
 * the longer ones (create.ts, rotation.ts, delete-by-user.ts).
 *
 * @module
 */
import type { Clock } from '../../clock.js';
import type { Connection } from './connection.js';
import type { KeyLayout } from './keys.js';
import type { UserIndex } from './user-index.js';

/** One store's connection, key layout, clock and user indexes. */
export interface RedisParts {
  readonly connection: Connection;
  readonly keys: KeyLayout;
  readonly clock: Clock;
  readonly index: UserIndex;
}
