/**
 * No lost updates (docs/architecture.md §1.6): parallel requests that change different keys all
 * persist, whatever the adapter does between the handler and the response.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { AdapterCase } from '../adapter-case.js';
import { me, signIn } from './support.js';

export const lostUpdateCases: AdapterCase[] = [
  {
    name: 'keeps every key when 20 parallel requests each set a different one',
    async run({ browser }) {
      const client = browser();
      await signIn(client, 'alice');
      const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
      const replies = await Promise.all(keys.map((key) => client.post(`/set?${key}=${key}`)));
      expect(replies.map((r) => r.status)).toEqual(keys.map(() => 200));
      const { data } = await me(client);
      for (const key of keys) expect(data[key], key).toBe(key);
    },
  },
];
