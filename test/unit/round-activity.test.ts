import { describe, expect, it } from 'vitest';
import { RoundActivity } from '@/lib/rooms/round-activity';
import type { LineEntry } from '@/lib/shared/room';

// What the big screen says of a round's hand-overs and renewals, from successive readings of the
// line: who took over from whom, and how long no live member led.

const member = (name: string): LineEntry => ({ name, lease: `lease-${name}`, member: true });
const [mei, bo, wei] = [member('Mei'), member('Bo'), member('Wei')];
const never = () => null;

describe("a round's hand-overs", () => {
  it('count from the leader’s last sign of life to the reading that shows the next', () => {
    const a = new RoundActivity();
    a.observe([mei, bo], 1_000, never);
    a.observe([bo], 12_000, (lease) => (lease === mei.lease ? 2_000 : null));
    expect(a.handovers()).toEqual([{ from: 'Mei', to: 'Bo', at: 12_000, leaderlessMs: 10_000 }]);
  });

  it('count from a release, not from the last renewal, and forget the release once it queues again', () => {
    const a = new RoundActivity();
    a.observe([mei, bo], 1_000, never);
    a.releasedLock(mei.lease, 5_000);
    a.observe([bo], 5_300, () => 0);
    expect(a.handovers()[0]).toMatchObject({ from: 'Mei', to: 'Bo', leaderlessMs: 300 });
    a.queued(mei.lease);
    a.observe([mei], 9_000, (lease) => (lease === bo.lease ? 8_500 : null));
    a.observe([wei], 20_000, (lease) => (lease === mei.lease ? 10_000 : null));
    expect(a.handovers()[0]).toMatchObject({ from: 'Mei', to: 'Wei', leaderlessMs: 10_000 });
  });

  it('from an empty line: the next takes over from whoever led before it emptied', () => {
    const a = new RoundActivity();
    a.observe([mei], 1_000, never);
    a.observe([], 4_000, () => 3_000);
    expect(a.handovers()[0]).toEqual({ from: 'Mei', to: null, at: 4_000, leaderlessMs: null });
    a.observe([bo], 9_000, () => 3_000);
    expect(a.handovers()[0]).toEqual({ from: 'Mei', to: 'Bo', at: 9_000, leaderlessMs: 6_000 });
  });

  it('ignore readings older than the last, and anything before the round started', () => {
    const a = new RoundActivity();
    a.observe([mei], 1_000, never);
    a.observe([bo], 900, () => 0);
    expect(a.handovers()).toEqual([]);
    a.restart(2_000);
    a.observe([wei], 1_500, () => 0);
    a.observe([bo], 2_500, () => 0);
    expect(a.handovers()).toEqual([]);
  });

  it('say nothing of the gap when the leader’s last sign of life is not known', () => {
    const a = new RoundActivity();
    a.observe([mei], 1_000, never);
    a.observe([bo], 2_000, never);
    expect(a.handovers()[0]).toMatchObject({ from: 'Mei', to: 'Bo', leaderlessMs: null });
  });
});

describe("a member's silences", () => {
  it('are the longest time between renewals under each schedule, from its join', () => {
    const a = new RoundActivity();
    a.joined(mei.lease, 0);
    a.renewed(mei.lease, 3_000, 'third');
    a.renewed(mei.lease, 6_100, 'third');
    a.renewed(mei.lease, 12_300, 'missOne');
    expect(a.silences(mei.lease)).toEqual({ third: 3_100, missOne: 6_200 });
    a.restart(13_000);
    expect(a.silences(mei.lease)).toEqual({ third: null, missOne: null });
    expect(a.lastRenewal(mei.lease)).toBe(12_300);
  });
});
