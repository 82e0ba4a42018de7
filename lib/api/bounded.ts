import type { LeaseEvent, LeaseView } from '@/lib/shared/contract';
import { shorten } from '@/lib/shared/words';

// How much of one lease an answer carries: the first keys, long names shortened, and the count,
// because sending every key made each poll of the list megabytes. The server keeps the whole list.

/** Keys per lease in a list page, and the characters of each name. */
export const LIST_KEYS = 2;
export const LIST_KEY_CHARS = 160;
/** Keys in a lease's detail, and the characters of each name. */
export const DETAIL_KEYS = 100;
export const DETAIL_KEY_CHARS = 512;
/** Events in a lease's detail (the newest), and the characters of each event's text. */
export const DETAIL_EVENTS = 100;
const EVENT_TEXT_CHARS = 600;
/** Keys a revoke's answer names (the count says how many went). */
export const REVOKED_KEYS = 20;

export function firstKeys(keys: string[], count: number, chars: number): string[] {
  return keys.slice(0, count).map((k) => shorten(k, chars));
}

/** The lease with at most `count` keys (and deleted keys), each at most `chars` long. */
export function boundedLease(lease: LeaseView, count: number, chars: number): LeaseView {
  if (lease.status === 'alive') return { ...lease, keys: firstKeys(lease.keys, count, chars) };
  if (lease.status === 'expired' || lease.status === 'revoked')
    return { ...lease, deletedKeys: firstKeys(lease.deletedKeys, count, chars) };
  return lease;
}

/** The newest DETAIL_EVENTS events, their texts and key names shortened. */
export function boundedEvents(events: LeaseEvent[]): LeaseEvent[] {
  return events.slice(-DETAIL_EVENTS).map((e) => ({
    ...e,
    key: e.key === null ? null : shorten(e.key, DETAIL_KEY_CHARS),
    text: shorten(e.text, EVENT_TEXT_CHARS),
  }));
}
