import type { z } from 'zod';
import { jsonValue } from '@/lib/shared/json-value';

// The dashboard's notes about leases, kept in etcd as plain keys `<folder><lease ID>` with a small
// JSON value (the keep-alive intents, the record of granted leases). Anyone with write access to
// etcd can put anything there, so each key is read with care.

/** The lease ID a key under `folder` names, or null when the key is not a note's. */
export function leaseIdUnder(folder: string, key: string): string | null {
  const id = key.slice(folder.length);
  return key.startsWith(folder) && /^[0-9a-f]{16}$/.test(id) ? id : null;
}

/**
 * The notes among the keys under `folder`, each value checked by `schema`; a key that is not one
 * (another writer's, a damaged value) is named in `unreadable` and otherwise left alone.
 */
export function parseLeaseNotes<S extends z.ZodType<object>>(
  folder: string,
  keys: Map<string, string>,
  schema: S,
): { notes: ({ id: string } & z.output<S>)[]; unreadable: string[] } {
  const notes: ({ id: string } & z.output<S>)[] = [];
  const unreadable: string[] = [];
  for (const [key, raw] of keys) {
    const id = leaseIdUnder(folder, key);
    const value = jsonValue(raw, schema);
    if (id && value) notes.push({ id, ...value });
    else unreadable.push(key);
  }
  return { notes, unreadable };
}
