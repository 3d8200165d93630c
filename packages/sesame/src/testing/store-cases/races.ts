/**
 * Races against "sign out everywhere" and sign-out (issue 10; docs/architecture.md §1.5): each
 * case runs `raceRounds` rounds, one side of the race on the store and the other on its peer.
 *
 * The promise checked is linearizability, stated so the check is exact whatever the timing:
 * - A rotation chain (replace after replace, as a client calling `rotate()` in a loop) of a
 *   session that existed when `deleteByUser` was called ends with nothing alive: a replace that
 *   overlaps the deletion either ran first (and its new record is deleted) or ran after (and finds
 *   its old record gone). One running break was PostgreSQL's `DELETE … WHERE user_id` missing the
 *   row a concurrent replace inserted: 8 of 50 rotating sessions survived.
 * - A create that resolved before `deleteByUser` was called is deleted; one that started after it
 *   resolved survives; one that overlapped it may go either way, and reads agree on which.
 * - `delete` racing `replace` of one session: the old record is gone, and the new one exists
 *   exactly when replace reported success.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { SessionRecord } from '../../store.js';
import type { StoreCase, StoreCaseContext } from '../store-case.js';
import { idsOf } from '../store-case.js';
import { Tally, afterTicks, alive, nextTurn, rotationChain, sidesOf } from './race-support.js';

/** Rotating clients per round: the break got worse with more of them (20 of 50 with three). */
const ROTATORS = 3;
const CREATORS = 2;

/** One round of deleteByUser (on one side) racing rotation chains (on the other). */
async function rotationRound(context: StoreCaseContext, round: number, keepOne: boolean, tally: Tally) {
  const { store, record } = context;
  const { first, second } = sidesOf(context, round);
  const userId = `race-user-${round}`;
  const starts = Array.from({ length: ROTATORS }, () => record({ userId }));
  const kept = keepOne ? record({ userId }) : null;
  const bystander = record({ userId: `${userId}-other` });
  for (const r of [...starts, bystander, ...(kept === null ? [] : [kept])]) await store.create(r);

  let ended = false;
  const start = afterTicks(round % 4);
  const chains = starts.map((s) => rotationChain(first, s, record, () => ended, start.tick));
  await start.reached;
  await second.deleteByUser(userId, kept === null ? {} : { exceptId: kept.id });
  ended = true;
  for (const chain of await Promise.all(chains)) {
    const survived = await alive(store, chain.current.id);
    tally.check(
      'rotated sessions that survived',
      survived ? `round ${round}: rotated ${chain.rotations}× and survived` : null,
    );
  }
  const listed = idsOf(await store.listByUser(userId));
  tally.check(
    'user indexes listing more than the kept session',
    listed.join() === (kept?.id ?? '') ? null : `round ${round}: listed ${listed.join()}`,
  );
  tally.check(
    "another user's sessions lost",
    (await alive(store, bystander.id)) ? null : `round ${round}: another user's session died`,
  );
}

/** One round of deleteByUser (on one side) racing sign-ins (creates, on the other). */
async function createRound(context: StoreCaseContext, round: number, tally: Tally) {
  const { store, record } = context;
  const { first, second } = sidesOf(context, round);
  const userId = `race-user-${round}`;
  const existing = record({ userId });
  await store.create(existing);
  // 0: deleteByUser not called yet; 1: running; 2: resolved.
  let phase = 0;
  const made: { record: SessionRecord; startPhase: number; endPhase: number }[] = [];
  const start = afterTicks(round % 4);
  const creators = Array.from({ length: CREATORS }, async () => {
    for (;;) {
      const startPhase = phase;
      const next = record({ userId });
      await first.create(next);
      made.push({ record: next, startPhase, endPhase: phase });
      start.tick();
      if (startPhase === 2) return;
      await nextTurn();
    }
  });
  await start.reached;
  phase = 1;
  await second.deleteByUser(userId);
  phase = 2;
  await Promise.all(creators);

  tally.check(
    'existing sessions that survived',
    (await alive(store, existing.id)) ? `round ${round}: an existing session survived` : null,
  );
  const survivors: string[] = [];
  for (const { record: r, startPhase, endPhase } of made) {
    const survived = await alive(store, r.id);
    if (survived) survivors.push(r.id);
    if (endPhase === 0 && survived)
      tally.check(
        'created sessions that broke the promise',
        `round ${round}: created before it and survived`,
      );
    else if (startPhase === 2 && !survived)
      tally.check('created sessions that broke the promise', `round ${round}: created after it and lost`);
    else tally.check('created sessions that broke the promise', null);
  }
  const listed = idsOf(await store.listByUser(userId));
  tally.check(
    'user indexes that disagree with the records',
    listed.join() === survivors.sort().join() ? null : `round ${round}: index and records disagree`,
  );
}

/** One round of delete (on one side) racing replace of the same session (on the other). */
async function deleteRound(context: StoreCaseContext, round: number, tally: Tally) {
  const { store, record } = context;
  const { first, second } = sidesOf(context, round);
  const userId = `race-user-${round}`;
  const old = record({ userId });
  const next = record({ userId });
  await store.create(old);
  // Either call may be sent first.
  let replacing: Promise<unknown>;
  let deleting: Promise<void>;
  if (round % 4 < 2) {
    replacing = first.replace(old.id, next);
    deleting = second.delete(old.id);
  } else {
    deleting = second.delete(old.id);
    replacing = first.replace(old.id, next);
  }
  const [replaced] = await Promise.all([replacing, deleting]);
  tally.check(
    'deleted sessions that survived',
    (await alive(store, old.id)) ? `round ${round}: the deleted session survived` : null,
  );
  const nextAlive = await alive(store, next.id);
  tally.check(
    'replace results that disagree with the records',
    nextAlive === (replaced !== null)
      ? null
      : `round ${round}: replace said ${String(replaced !== null)}, record alive ${String(nextAlive)}`,
  );
  const listed = idsOf(await store.listByUser(userId));
  tally.check(
    'user indexes that disagree with the records',
    listed.join() === (nextAlive ? next.id : '') ? null : `round ${round}: listed ${listed.join()}`,
  );
}

function raceCase(
  name: string,
  round: (context: StoreCaseContext, round: number, tally: Tally) => Promise<void>,
): StoreCase {
  return {
    name,
    racing: true,
    async run(context) {
      const tally = new Tally();
      for (let r = 0; r < context.raceRounds; r++) await round(context, r, tally);
      expect(tally.report()).toEqual([]);
    },
  };
}

export const raceCases: StoreCase[] = [
  raceCase('race: deleteByUser racing rotations of the same user leaves none alive', (c, r, t) =>
    rotationRound(c, r, false, t),
  ),
  raceCase('race: deleteByUser with exceptId racing rotations keeps only that session', (c, r, t) =>
    rotationRound(c, r, true, t),
  ),
  raceCase('race: deleteByUser racing creates deletes what existed, keeps what came after', createRound),
  raceCase('race: delete racing replace of one session leaves exactly the winner', deleteRound),
];
