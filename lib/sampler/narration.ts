// The sampler's events in words: what it saw happen to a lease, the same sentence for every viewer
// (in English, and as a catalog message, "event.*" in messages/*.json, for each viewer's language).
import type { LeaseReading } from '@/lib/etcd/leases';
import type { EventLog } from '@/lib/events/event-log';
import type { ExpiredLease, RevokedLease } from '@/lib/shared/contract';
import { shorten } from '@/lib/shared/words';
import { ttlMessage } from '@/lib/shared/countdown';
import { say } from '@/lib/shared/english';

type EventInput = Parameters<EventLog['add']>[0];

export function grantedHere(grant: {
  id: string;
  requestedTTL: number;
  grantedTTL: number;
  key: string | null;
}): EventInput {
  return {
    kind: 'lease-granted',
    lease: grant.id,
    ...say('event.grantedHere', {
      id: grant.id,
      ttl: ttlMessage(grant.grantedTTL),
      clamped: grant.requestedTTL === grant.grantedTTL ? 'no' : 'yes',
      requested: ttlMessage(grant.requestedTTL),
      hasKey: grant.key ? 'yes' : 'no',
      key: grant.key ?? '',
    }),
  };
}

export function grantedElsewhere(reading: LeaseReading): EventInput {
  return {
    kind: 'lease-granted',
    lease: reading.id,
    ...say('event.grantedElsewhere', {
      id: reading.id,
      ttl: ttlMessage(reading.grantedTTL),
      left: ttlMessage(reading.ttl),
    }),
  };
}

export function refreshed(reading: LeaseReading): EventInput {
  return {
    kind: 'lease-refreshed',
    lease: reading.id,
    ...say('event.refreshed', {
      id: reading.id,
      term: reading.raftTerm,
      ttl: ttlMessage(reading.ttl),
    }),
  };
}

export function restored(reading: LeaseReading): EventInput {
  return {
    kind: 'lease-restored',
    lease: reading.id,
    ...say('event.restored', {
      id: reading.id,
      term: reading.raftTerm,
      ttl: ttlMessage(reading.ttl),
    }),
  };
}

export function renewedElsewhere(reading: LeaseReading, was: number): EventInput {
  return {
    kind: 'lease-renewed',
    lease: reading.id,
    ...say('event.renewedElsewhere', {
      id: reading.id,
      was: ttlMessage(was),
      ttl: ttlMessage(reading.ttl),
    }),
  };
}

/** A lease seen gone: expired, or revoked by the dashboard or another client, with its keys. */
export function gone(view: ExpiredLease | RevokedLease): EventInput {
  const { id } = view;
  // A few keys, shortened: an event about a lease of many keys must stay small.
  const more = view.deletedKeys.length - 3;
  const named = view.deletedKeys.slice(0, 3).map((k) => shorten(k, 256));
  const keys = named.length
    ? say('event.deletedKeys', { keys: named.join(', '), more: Math.max(0, more) }).message
    : '';
  if (view.status === 'expired')
    return { kind: 'lease-expired', lease: id, ...say('event.expired', { id, keys }) };
  return {
    kind: 'lease-revoked',
    lease: id,
    ...say('event.revoked', { id, by: view.revokedBy, keys }),
  };
}
