// A store author's test, from the installed tarball: the contract suite of sesame-session/testing
// run by Vitest (the ESM build loads Vitest with a top-level import, which must be the runner's own).
import { describeStoreContract } from 'sesame-session/testing';
import { memoryStore } from 'sesame-session/stores/memory';

describeStoreContract('memoryStore, installed from the tarball', {
  create: (clock) => memoryStore({ clock }),
});
