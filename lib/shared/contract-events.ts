// The JSON contract, continued: what happened to leases and keys (the event log), and sentences that
// each viewer reads in their own language. Plain data; imports nothing.

/** One value in a sentence: a number, a text as it is (a key, an ID, etcd's own words), or a phrase. */
export type MessageValue = string | number | Message;

/**
 * A sentence as a key of the catalogs (messages/en.json, messages/zh-CN.json) and its values, so
 * that each viewer reads it in their own language. The server sends it beside the English words.
 */
export type Message = { key: string; values?: Record<string, MessageValue> };

export type LeaseEventKind =
  | 'lease-granted'
  | 'lease-renewed'
  | 'lease-kept-alive'
  | 'renewal-failed'
  | 'lease-refreshed'
  | 'lease-restored'
  | 'lease-expired'
  | 'lease-revoked'
  | 'keep-alive-started'
  | 'keep-alive-stopped'
  | 'key-put'
  | 'key-deleted'
  | 'leader-changed'
  | 'endpoint-down'
  | 'endpoint-up';

/** One thing that happened to a lease or one of its keys, in the order the dashboard saw it. */
export type LeaseEvent = {
  /** increases by one per event in this server process */
  seq: number;
  /** epoch ms when the dashboard saw it */
  at: number;
  kind: LeaseEventKind;
  /** hex lease ID; null for cluster-wide events (a leader change) */
  lease: string | null;
  key: string | null;
  /** the whole event in English words: the same for every viewer, the API and the logs */
  text: string;
  /** the same event as a catalog key and values, for each viewer to read in their own language */
  message?: Message;
};
