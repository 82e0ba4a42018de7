import { describe, expect, it } from 'vitest';
import { RenewRuns } from '@/lib/findings/renew-runs';
import { T0, alive } from './findings-fixtures';

// The renew-storm heuristic on readings at given times: what a lease renewed every TTL/10 or
// faster shows, what clientv3's TTL/3 keep-alive shows, and readings too far apart to tell.

const id = 'aaaaaaaaaaaaaaaa';
/** Feeds readings (ms after T0, seconds left) of a 10 s lease; the last verdict. */
function readings(list: [number, number][], grantedTTL = 10, runs = new RenewRuns()) {
  let verdict = null;
  for (const [at, ttl] of list) {
    runs.begin();
    verdict = runs.note(alive({ id, grantedTTL, ttl, readAt: T0 + at }), T0 + at);
    runs.end();
  }
  return verdict;
}

describe('renew storms', () => {
  it('are readings that never fall below nine tenths of the TTL, a second apart, over 3 TTL/10', () => {
    expect(
      readings([
        [0, 10],
        [1000, 9],
        [2000, 10],
      ]),
    ).toBeNull();
    expect(
      readings([
        [0, 10],
        [1000, 9],
        [2000, 10],
        [3000, 9],
      ]),
    ).toEqual({
      readings: 4,
      spanMs: 3000,
      grantedTTL: 10,
    });
  });

  it('are never what a keep-alive every TTL/3 shows, read every second', () => {
    // Renewed at 0, 3.3 and 6.6 s: left is 10 - (t mod 3.33), floored.
    const list: [number, number][] = [];
    for (let t = 0; t <= 20_000; t += 1000) list.push([t, Math.floor(10 - ((t / 1000) % 3.34))]);
    const runs = new RenewRuns();
    for (let i = 1; i <= list.length; i++) expect(readings(list.slice(0, i), 10, runs)).toBeNull();
  });

  it('need readings close together: a gap starts the run again', () => {
    expect(
      readings([
        [0, 10],
        [1000, 10],
        [2000, 10],
        [5000, 10],
        [6000, 10],
      ]),
    ).toBeNull();
  });

  it('clear when a reading falls low, and fade when readings stop', () => {
    const runs = new RenewRuns();
    const storm: [number, number][] = [
      [0, 10],
      [1000, 9],
      [2000, 10],
      [3000, 9],
    ];
    expect(readings(storm, 10, runs)).not.toBeNull();
    expect(readings([[4000, 7]], 10, runs)).toBeNull();
    const again = new RenewRuns();
    readings(storm, 10, again);
    again.begin();
    const stale = again.note(alive({ id, grantedTTL: 10, ttl: 9, readAt: T0 + 3000 }), T0 + 9000);
    expect(stale).toBeNull();
  });

  it('forget leases no longer alive', () => {
    const runs = new RenewRuns();
    readings([[0, 10]], 10, runs);
    expect(runs.size).toBe(1);
    runs.begin();
    runs.end();
    expect(runs.size).toBe(0);
  });
});
