// S13: async read-modify-write of a session is serialised per session (no lost update) while
// different sessions run in parallel. Scale: 5 sessions × 20 concurrent increments, each
// awaiting between its read and its write.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NaiveSessionMap } from '../../naive/sessionMap.js';
import { flush, gate } from '../../sync/helpers.js';
import { startHarness } from './harness.js';

test('100 increments over 5 sessions: every one counted', async () => {
  const h = await startHarness();
  try {
    const updates: Promise<unknown>[] = [];
    for (let s = 0; s < 5; s++) {
      for (let i = 0; i < 20; i++) {
        updates.push(
          h.service.updateSession(`s${s}`, async (session) => {
            const n = (session.n as number | undefined) ?? 0;
            await flush();
            return { ...session, n: n + 1 };
          }),
        );
      }
    }
    await Promise.all(updates);
    for (let s = 0; s < 5; s++) assert.equal(h.service.getSession(`s${s}`)?.n, 20);
  } finally {
    await h.dispose();
  }
});

test('a slow update of one session never delays another session', async () => {
  const h = await startHarness();
  try {
    const slow = gate();
    const blocked = h.service.updateSession('slow', async (s) => {
      await slow.promise;
      return s;
    });
    for (let i = 0; i < 10; i++)
      await h.service.updateSession('fast', async (s) => ({ ...s, n: ((s.n as number) ?? 0) + 1 }));
    assert.equal(h.service.getSession('fast')?.n, 10);
    slow.resolve();
    await blocked;
  } finally {
    await h.dispose();
  }
});

test('naive get-await-set map loses 19 of 20 updates', async () => {
  const naive = new NaiveSessionMap();
  await Promise.all(Array.from({ length: 20 }, () => naive.increment('s0', flush)));
  assert.equal(naive.sessions.get('s0')?.n, 1);
});
