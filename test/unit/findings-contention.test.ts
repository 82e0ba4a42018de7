import { describe, expect, it } from 'vitest';
import { HolderClock, contentionRules } from '@/lib/findings/contention-rules';
import type { GroupReading } from '@/lib/shared/holdings';
import type { LeaseView } from '@/lib/shared/contract';
import { render } from '@/lib/shared/i18n';
import { english } from '@/lib/shared/english';
import { THRESHOLDS, T0, alive } from './findings-fixtures';

// Locks and elections as the contention reader reads them (contenders in create-revision order),
// judged at given times.

const holder = alive({ id: '000000000000a001', grantedTTL: 60, ttl: 60, readAt: T0 });
const waiter = alive({ id: '000000000000a002', grantedTTL: 60, ttl: 60, readAt: T0 });
const contender = (lease: string, name: string, value = '', rev = '10') => ({
  lease,
  key: lease ? `${name}/${lease.replace(/^0+/, '')}` : `${name}/stray`,
  createRevision: rev,
  value,
});
const lock = (name: string, ...ls: string[]): [string, GroupReading] => [
  `${name}/`,
  { contenders: ls.map((l, i) => contender(l, name, '', String(10 + i))), readAt: T0 },
];

function judge(
  groups: [string, GroupReading][],
  now: number,
  views: LeaseView[] = [holder, waiter],
  clock = new HolderClock(),
  kept: string[] = [],
) {
  const byId = new Map(views.map((v) => [v.id, v]));
  return contentionRules(
    groups,
    (id) => byId.get(id) ?? null,
    (id) => kept.includes(id),
    clock,
    THRESHOLDS,
    now,
  );
}

describe('stuck-lock', () => {
  it('is a lock held longer than stuckLockSeconds while others wait', () => {
    const clock = new HolderClock();
    const group = lock('/jobs/db', holder.id, waiter.id);
    expect(judge([group], T0, undefined, clock)['stuck-lock']).toEqual([]);
    expect(judge([group], T0 + 300_000, undefined, clock)['stuck-lock']).toEqual([]);
    const found = judge([group], T0 + 301_000, undefined, clock)['stuck-lock'];
    expect(found.map((h) => h.lease)).toEqual([holder.id]);
    expect(render(english, found[0]?.detail())).toBe(
      'holds lock /jobs/db for at least 5m 1s, 1 waiter',
    );
  });

  it('is not a lock nobody waits for, and starts again with a new holder', () => {
    const clock = new HolderClock();
    judge([lock('/a', holder.id)], T0, undefined, clock);
    expect(judge([lock('/a', holder.id)], T0 + 999_000, undefined, clock)['stuck-lock']).toEqual(
      [],
    );
    judge([lock('/b', holder.id, waiter.id)], T0, undefined, clock);
    const next = lock('/b', waiter.id);
    next[1].contenders.push(contender(holder.id, '/b', '', '99'));
    expect(judge([next], T0 + 400_000, undefined, clock)['stuck-lock']).toEqual([]);
  });
});

describe('holder-expiring', () => {
  const reading = (ttl: number, at = T0) =>
    alive({ id: '000000000000b001', grantedTTL: 10, ttl, readAt: at });

  it('is a holder whose reading has holderExpiringSeconds or less left, below half its TTL', () => {
    const group = lock('/j', '000000000000b001');
    expect(judge([group], T0, [reading(4)])['holder-expiring']).toEqual([]);
    const found = judge([group], T0 + 500, [reading(3)])['holder-expiring'];
    expect(found.map((h) => h.lease)).toEqual(['000000000000b001']);
    expect(render(english, found[0]?.detail())).toBe('holds lock /j with 2 seconds left of 10');
  });

  it('is not a projection from an old reading: the lease may have been renewed since', () => {
    expect(
      judge([lock('/j', '000000000000b001')], T0 + 8000, [reading(10)])['holder-expiring'],
    ).toEqual([]);
  });

  it('is never a lease this dashboard keeps alive, nor a short TTL kept at a third', () => {
    const kept = ['000000000000b001'];
    expect(
      judge([lock('/j', '000000000000b001')], T0, [reading(1)], undefined, kept)['holder-expiring'],
    ).toEqual([]);
    const two = alive({ id: '000000000000b002', grantedTTL: 2, ttl: 1, readAt: T0 });
    expect(judge([lock('/k', two.id)], T0, [two])['holder-expiring']).toEqual([]);
  });
});

describe('leaderless-election', () => {
  const election = (...cs: ReturnType<typeof contender>[]): [string, GroupReading] => [
    '/e/',
    { contenders: cs, readAt: T0 + 5000 },
  ];

  it('is an election whose first key has no lease, with a live candidate behind it', () => {
    const group = election(contender('', '/e', 'stray', '5'), contender(waiter.id, '/e', 'bob'));
    const found = judge([group], T0 + 5000)['leaderless-election'];
    expect(found.map((h) => h.lease)).toEqual([waiter.id]);
    expect(render(english, found[0]?.detail())).toBe(
      'first candidate of election /e, behind /e/stray (it has no lease); 1 candidate waiting',
    );
  });

  it('is a first key whose lease is gone yet still listed a second later', () => {
    const gone: LeaseView = {
      ...holder,
      status: 'expired',
      goneAt: T0 + 3000,
      deletedKeys: [],
      deletedKeyCount: 0,
    };
    const group = election(contender(holder.id, '/e', 'al', '5'), contender(waiter.id, '/e', 'bo'));
    expect(judge([group], T0 + 5000, [gone, waiter])['leaderless-election']).toHaveLength(1);
    const soon = { ...gone, goneAt: T0 + 4500 };
    expect(judge([group], T0 + 5000, [soon, waiter])['leaderless-election']).toEqual([]);
  });

  it('is not an election with a live leader, nor a lock', () => {
    const led = election(contender(holder.id, '/e', 'al'), contender(waiter.id, '/e', 'bo'));
    expect(judge([led], T0)['leaderless-election']).toEqual([]);
    const strayLock = lock('/l', '', waiter.id);
    expect(judge([strayLock], T0)['leaderless-election']).toEqual([]);
  });
});
