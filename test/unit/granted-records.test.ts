import { describe, expect, it } from 'vitest';
import {
  MAX_GRANTED_BYTES,
  grantedIdOf,
  grantedKey,
  grantedValue,
  parseGranted,
} from '@/lib/mutations/granted-records';
import { MAX_KEY_BYTES } from '@/lib/shared/schemas';
import { OwnActions } from '@/lib/sampler/own-actions';

// The record of the leases a dashboard granted, which a restarted dashboard or a new leader loads:
// what it writes it reads back, and what is not a record is named and left alone.

const PREFIX = '/lease-dashboard/';
const ID = '694d9a0c2b3e7f01';

describe('records of granted leases', () => {
  it('reads back what it writes, under the dashboard’s own prefix', () => {
    const record = { id: ID, grantedAt: 1_764_240_000_000, grantedTTL: 30, key: null };
    const key = grantedKey(PREFIX, ID);
    expect(key).toBe(`/lease-dashboard/granted/${ID}`);
    expect(parseGranted(PREFIX, new Map([[key, grantedValue(record)]]))).toEqual({
      records: [record],
      unreadable: [],
    });
  });

  it('holds the longest key a grant may put, whatever JSON escapes in it', () => {
    const key = '"\\'.repeat(MAX_KEY_BYTES / 2);
    const value = grantedValue({ id: ID, grantedAt: 1, grantedTTL: 9_000_000_000, key });
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(MAX_GRANTED_BYTES);
  });

  it('names what is not a record instead of loading it', () => {
    const keys = new Map([
      [grantedKey(PREFIX, ID), '{"grantedAt":1,"grantedTTL":0,"key":null}'],
      [grantedKey(PREFIX, 'not-an-id'), '{"grantedAt":1,"grantedTTL":10,"key":null}'],
      [grantedKey(PREFIX, '0000000000000001'), 'not json'],
      [grantedKey(PREFIX, '0000000000000002'), '{"grantedAt":1,"grantedTTL":10,"key":"/a"}'],
    ]);
    const { records, unreadable } = parseGranted(PREFIX, keys);
    expect(records.map((r) => r.id)).toEqual(['0000000000000002']);
    expect(unreadable).toHaveLength(3);
  });

  it('tells a record by its name alone, so other keys are never read', () => {
    expect(grantedIdOf(PREFIX, grantedKey(PREFIX, ID))).toBe(ID);
    expect(grantedIdOf(PREFIX, `${grantedKey(PREFIX, ID)}0`)).toBeNull();
    expect(grantedIdOf(PREFIX, grantedKey(PREFIX, ID.toUpperCase()))).toBeNull();
    expect(grantedIdOf(PREFIX, grantedKey('/other/', ID))).toBeNull();
    expect(grantedIdOf(PREFIX, `${PREFIX}keep-alive/${ID}`)).toBeNull();
  });
});

describe('the leases a dashboard granted, in memory', () => {
  it('says when one it granted, here or before, is gone, and only those', () => {
    const gone: string[] = [];
    const own = new OwnActions((id) => gone.push(id));
    own.grantedHere('a');
    own.grantedBefore('b');
    own.forget('a');
    own.forget('b');
    own.forget('c');
    own.forget('a');
    expect(gone).toEqual(['a', 'b']);
    expect(own.isMine('a') || own.isMine('b')).toBe(false);
  });
});
