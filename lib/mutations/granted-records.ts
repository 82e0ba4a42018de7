import { z } from 'zod';
import { MAX_KEY_BYTES } from '@/lib/shared/schemas';
import { leaseIdUnder, parseLeaseNotes } from '@/lib/shared/lease-records';

// The record of which leases this dashboard granted, kept in etcd as plain keys under its own prefix
// (`<prefix>granted/<lease ID>`), so a restarted dashboard or a new leader still may renew and
// revoke a keyless lease it granted (the key prefix's rule, lib/access/scope.ts). Never a key on
// the lease itself, which would make the lease hold a reserved key and show it in its key list.

export type GrantedRecord = {
  id: string;
  /** epoch ms of the grant */
  grantedAt: number;
  grantedTTL: number;
  /** the key put with the lease at its grant, if any (for whoever reads etcd by hand) */
  key: string | null;
};

export const grantedPrefix = (ownPrefix: string) => `${ownPrefix}granted/`;

export const grantedKey = (ownPrefix: string, id: string) => `${grantedPrefix(ownPrefix)}${id}`;

export function grantedValue(record: GrantedRecord): string {
  const { grantedAt, grantedTTL, key } = record;
  return JSON.stringify({ grantedAt, grantedTTL, key });
}

/** A record's value: its figures and one key, which JSON may at most double in size (escapes). */
export const MAX_GRANTED_BYTES = 2 * MAX_KEY_BYTES + 256;

/**
 * How many records a load reads at most: far more leases than one dashboard grants and keeps
 * alive, so only a folder filled by something else is read in part (and said to be).
 */
export const MAX_GRANTED_RECORDS = 10_000;

/** The lease ID a key under grantedPrefix names, or null when the key is not a record's. */
export const grantedIdOf = (ownPrefix: string, key: string): string | null =>
  leaseIdUnder(grantedPrefix(ownPrefix), key);

const valueSchema = z.object({
  grantedAt: z.number().int().nonnegative(),
  grantedTTL: z.number().int().positive(),
  key: z.string().nullable(),
});

/**
 * The records among the keys under grantedPrefix; a key that is not one (another writer's, a
 * damaged value) is named in `unreadable` and otherwise left alone.
 */
export function parseGranted(
  ownPrefix: string,
  keys: Map<string, string>,
): { records: GrantedRecord[]; unreadable: string[] } {
  const { notes, unreadable } = parseLeaseNotes(grantedPrefix(ownPrefix), keys, valueSchema);
  return { records: notes, unreadable };
}
