import { describe, expect, it } from 'vitest';
import {
  holdingKind,
  holdingLabel,
  holdingOf,
  layoutOf,
  revokeConsequences,
  type GroupReading,
} from '@/lib/shared/holdings';
import type { Contender } from '@/lib/shared/contract-holdings';

// Leases as etcdctl prints them, and as clientv3 (unpadded hex) and etcd3 (decimal) put them in keys.
const A = '0000694d9a5b1c2d';
const B = '00000000000007d1';
const C = '694d9a5b1c2d0003';
const hexInKey = (id: string) => id.replace(/^0+/, '');
const decimal = (id: string) => BigInt('0x' + id).toString();

const contender = (lease: string, key: string, value = '', rev = 1): Contender => ({
  lease,
  key,
  value,
  createRevision: String(rev),
});
const groupsOf =
  (readings: Record<string, Contender[]>) =>
  (group: string): GroupReading | undefined =>
    readings[group] ? { contenders: readings[group], readAt: 0 } : undefined;

describe('layoutOf', () => {
  it("names clientv3's lock and election keys only on their own lease", () => {
    const key = `/jobs/db-migration/${hexInKey(A)}`;
    expect(layoutOf(key, A)).toEqual({
      kind: 'contender',
      recipe: 'clientv3',
      name: '/jobs/db-migration',
      group: '/jobs/db-migration/',
    });
    // The same key on another lease is a plain key: the ID in it is not that lease's.
    expect(layoutOf(key, B)).toBeNull();
    // Padded hex is not clientv3's layout (it writes %x).
    expect(layoutOf(`/jobs/x/${A}`, A)).toBeNull();
  });

  it("names etcd3's election keys by their decimal ID, never as clientv3's", () => {
    expect(layoutOf(`election/scheduler/${decimal(A)}`, A)).toEqual({
      kind: 'contender',
      recipe: 'etcd3',
      name: 'scheduler',
      group: 'election/scheduler/',
    });
    expect(layoutOf(`app/election/scheduler/${decimal(A)}`, A)).toMatchObject({ recipe: 'etcd3' });
    // A decimal ID outside an election namespace is not a contender of either kind.
    expect(layoutOf(`/jobs/${decimal(A)}`, A)).toBeNull();
    // clientv3 under a name that happens to contain "election" stays clientv3.
    expect(layoutOf(`/election/x/${hexInKey(A)}`, A)).toMatchObject({ recipe: 'clientv3' });
  });

  it('names Kubernetes and service registry keys', () => {
    expect(layoutOf('/registry/events/default/web-1.17a', A)).toEqual({ kind: 'k8s-event' });
    expect(layoutOf('/registry/masterleases/10.0.0.5', A)).toEqual({
      kind: 'k8s-master',
      ip: '10.0.0.5',
    });
    expect(layoutOf('/services/web/instance-3', A)).toEqual({
      kind: 'registration',
      service: 'web',
      instance: 'instance-3',
    });
    expect(layoutOf('/service/self', A)).toEqual({
      kind: 'registration',
      service: 'self',
      instance: null,
    });
    expect(layoutOf('/config/feature-flag', A)).toBeNull();
    // A registry that names instances by lease ID registers; it is not a lock named /services/web.
    expect(layoutOf(`/services/web/${hexInKey(A)}`, A)).toEqual({
      kind: 'registration',
      service: 'web',
      instance: hexInKey(A),
    });
  });
});

describe('holdingOf', () => {
  const name = '/jobs/db-migration';
  const lock = {
    [`${name}/`]: [
      contender(A, `${name}/${hexInKey(A)}`, '', 10),
      contender(B, `${name}/${hexInKey(B)}`, '', 11),
      contender(C, `${name}/${hexInKey(C)}`, '', 12),
    ],
  };

  it('tells the holder of a lock from its waiters, in create-revision order', () => {
    const holder = holdingOf(A, [`${name}/${hexInKey(A)}`], groupsOf(lock));
    expect(holder).toEqual({ kind: 'lock', recipe: 'clientv3', name, position: 1, contenders: 3 });
    expect(holdingLabel(holder!)).toBe('holds lock /jobs/db-migration');
    const waiter = holdingOf(B, [`${name}/${hexInKey(B)}`], groupsOf(lock));
    expect(holdingLabel(waiter!)).toBe('waits for lock /jobs/db-migration (2nd in line)');
    const third = holdingOf(C, [`${name}/${hexInKey(C)}`], groupsOf(lock));
    expect(holdingLabel(third!)).toBe('waits for lock /jobs/db-migration (3rd in line)');
  });

  it('reads an election by its proposals', () => {
    const election = {
      '/scheduler/': [
        contender(B, `/scheduler/${hexInKey(B)}`, 'alice', 5),
        contender(A, `/scheduler/${hexInKey(A)}`, 'bob', 6),
      ],
    };
    const leader = holdingOf(B, [`/scheduler/${hexInKey(B)}`], groupsOf(election));
    expect(holdingLabel(leader!)).toBe('leads election /scheduler: alice');
    const candidate = holdingOf(A, [`/scheduler/${hexInKey(A)}`], groupsOf(election));
    expect(holdingLabel(candidate!)).toBe('candidate in election /scheduler (2nd in line)');
    expect(revokeConsequences(leader, 1)).toEqual([
      'deletes 1 key',
      'ends the leadership of alice: the next candidate leads',
    ]);
    expect(revokeConsequences(candidate, 1)[1]).toBe(
      'withdraws a candidate (bob) from election /scheduler',
    );
  });

  it('waits for the group to be read before naming a lock or an election', () => {
    const holding = holdingOf(A, [`${name}/${hexInKey(A)}`], groupsOf({}));
    expect(holding).toEqual({ kind: 'contending', recipe: 'clientv3', name });
    expect(holdingKind(holding)).toBe('lock');
  });

  it('counts the events on a Kubernetes events lease', () => {
    const keys = ['a', 'b', 'c'].map((n) => `/registry/events/default/pod-${n}.17a`);
    const holding = holdingOf(A, keys, groupsOf({}));
    expect(holdingLabel(holding!)).toBe('Kubernetes events lease: 3 events');
    expect(holdingKind(holding)).toBe('kubernetes');
    expect(revokeConsequences(holding, 3)).toEqual([
      'deletes 3 keys',
      'deletes 3 Kubernetes events before their time is up',
    ]);
  });

  it('says what a revoke of a lock holder breaks', () => {
    const holder = holdingOf(A, [`${name}/${hexInKey(A)}`], groupsOf(lock));
    expect(revokeConsequences(holder, 1)).toEqual([
      'deletes 1 key',
      'releases lock /jobs/db-migration: the next waiter takes it',
    ]);
    expect(revokeConsequences(null, 312)).toEqual(['deletes 312 keys']);
  });

  it('names registrations and plain keys', () => {
    const holding = holdingOf(
      A,
      ['/services/web/instance-3', '/services/web/instance-4'],
      () => undefined,
    );
    expect(holdingLabel(holding!)).toBe('registers web/instance-3 and 1 more');
    expect(holdingOf(A, ['/config/x'], () => undefined)).toBeNull();
    expect(holdingKind(null)).toBe('plain');
  });
});
