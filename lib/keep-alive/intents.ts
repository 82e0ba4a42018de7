import { z } from 'zod';
import type { KeepAliveSchedule } from '@/lib/shared/contract';
import { SCHEDULES } from '@/lib/shared/keep-alive-schedule';
import { leaseIdUnder, parseLeaseNotes } from '@/lib/shared/lease-records';

// Keep-alive intents, kept in etcd as plain keys under the dashboard's own prefix
// (`<prefix>keep-alive/<lease ID>`), so a restarted dashboard or a new leader resumes them. Never a
// key on the user's lease, which would change what that lease holds.

export type KeepAliveIntent = { id: string; schedule: KeepAliveSchedule; since: number };

export const intentsPrefix = (ownPrefix: string) => `${ownPrefix}keep-alive/`;

export const intentKey = (ownPrefix: string, id: string) => `${intentsPrefix(ownPrefix)}${id}`;

export function intentValue(intent: KeepAliveIntent): string {
  return JSON.stringify({ schedule: intent.schedule, since: intent.since });
}

/** An intent's value is a short JSON object; anything much larger is not one, skipped unparsed. */
export const MAX_INTENT_BYTES = 256;

/** The lease ID a key under intentsPrefix names, or null when the key is not an intent's. */
export const intentIdOf = (ownPrefix: string, key: string): string | null =>
  leaseIdUnder(intentsPrefix(ownPrefix), key);

const valueSchema = z.object({
  schedule: z.enum(Object.keys(SCHEDULES) as [KeepAliveSchedule, ...KeepAliveSchedule[]]),
  since: z.number().int().nonnegative(),
});

/**
 * The intents among the keys under intentsPrefix; a key that is not one (another writer's, a
 * damaged value) is named in `unreadable` and otherwise left alone.
 */
export function parseIntents(
  ownPrefix: string,
  keys: Map<string, string>,
): { intents: KeepAliveIntent[]; unreadable: string[] } {
  const { notes, unreadable } = parseLeaseNotes(intentsPrefix(ownPrefix), keys, valueSchema);
  return { intents: notes, unreadable };
}
