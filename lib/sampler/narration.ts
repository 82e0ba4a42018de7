// The sampler's events in words: what it saw happen to a lease, the same sentence for every viewer.
import type { LeaseReading } from '@/lib/etcd/leases';
import type { EventLog } from '@/lib/events/event-log';
import type { ExpiredLease, RevokedLease } from '@/lib/shared/contract';
import { plural, shorten } from '@/lib/shared/words';
import { ttlWords } from '@/lib/shared/countdown';

type EventInput = Parameters<EventLog['add']>[0];

export function grantedHere(grant: {
  id: string;
  requestedTTL: number;
  grantedTTL: number;
  key: string | null;
}): EventInput {
  const clamped =
    grant.requestedTTL === grant.grantedTTL ? '' : ` (asked for ${ttlWords(grant.requestedTTL)})`;
  const key = grant.key ? ` and put ${grant.key} with it` : '';
  return {
    kind: 'lease-granted',
    lease: grant.id,
    text: `Lease ${grant.id} granted by the dashboard with TTL ${ttlWords(grant.grantedTTL)}${clamped}${key}`,
  };
}

export function grantedElsewhere(reading: LeaseReading): EventInput {
  return {
    kind: 'lease-granted',
    lease: reading.id,
    text: `Lease ${reading.id} granted by another client with TTL ${ttlWords(reading.grantedTTL)} (${ttlWords(reading.ttl)} left when first seen)`,
  };
}

export function refreshed(reading: LeaseReading): EventInput {
  return {
    kind: 'lease-refreshed',
    lease: reading.id,
    text: `Lease ${reading.id} refreshed by etcd, not renewed: a new leader (raft term ${reading.raftTerm}) reset its remaining TTL to ${ttlWords(reading.ttl)}`,
  };
}

export function renewedElsewhere(reading: LeaseReading, was: number): EventInput {
  return {
    kind: 'lease-renewed',
    lease: reading.id,
    text: `Lease ${reading.id} renewed by another client: remaining TTL ${ttlWords(was)} -> ${ttlWords(reading.ttl)}`,
  };
}

/** A lease seen gone: expired, or revoked by the dashboard or another client, with its keys. */
export function gone(view: ExpiredLease | RevokedLease): EventInput {
  const { id } = view;
  // At most three keys, shortened: an event about a lease of 10,000 keys must not be 10 MB.
  const more = view.deletedKeys.length - 3;
  const named = view.deletedKeys.slice(0, 3).map((k) => shorten(k, 256));
  const keys = named.length
    ? `; etcd deleted ${named.join(', ')}${more > 0 ? ` and ${plural(more, 'more key')}` : ''}`
    : '';
  if (view.status === 'expired')
    return { kind: 'lease-expired', lease: id, text: `Lease ${id} expired${keys}` };
  const by = view.revokedBy === 'dashboard' ? 'from the dashboard' : 'by another client';
  return { kind: 'lease-revoked', lease: id, text: `Lease ${id} revoked ${by}${keys}` };
}
