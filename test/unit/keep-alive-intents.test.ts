import { describe, expect, it } from 'vitest';
import { intentIdOf, intentKey, intentValue, parseIntents } from '@/lib/keep-alive/intents';

// The keep-alive intents a restarted dashboard resumes: what it writes it reads back, and what
// is not an intent (another writer's key, a damaged value) is named and left alone.

const PREFIX = '/lease-dashboard/';
const ID = '694d9a0c2b3e7f01';

describe('keep-alive intents', () => {
  it('reads back what it writes, under the dashboard’s own prefix', () => {
    const intent = { id: ID, schedule: 'half' as const, since: 1_764_240_000_000 };
    const key = intentKey(PREFIX, ID);
    expect(key).toBe(`/lease-dashboard/keep-alive/${ID}`);
    expect(parseIntents(PREFIX, new Map([[key, intentValue(intent)]]))).toEqual({
      intents: [intent],
      unreadable: [],
    });
  });

  it('names what is not an intent instead of resuming it', () => {
    const keys = new Map([
      [intentKey(PREFIX, ID), '{"schedule":"hourly","since":1}'],
      [intentKey(PREFIX, 'not-an-id'), '{"schedule":"third","since":1}'],
      [intentKey(PREFIX, '0000000000000001'), 'not json'],
      [intentKey(PREFIX, '0000000000000002'), '{"schedule":"third","since":1}'],
    ]);
    const { intents, unreadable } = parseIntents(PREFIX, keys);
    expect(intents.map((i) => i.id)).toEqual(['0000000000000002']);
    expect(unreadable).toHaveLength(3);
  });

  it('tells an intent by its name alone, so other keys are never read', () => {
    expect(intentIdOf(PREFIX, intentKey(PREFIX, ID))).toBe(ID);
    expect(intentIdOf(PREFIX, `${intentKey(PREFIX, ID)}0`)).toBeNull();
    expect(intentIdOf(PREFIX, intentKey(PREFIX, ID.toUpperCase()))).toBeNull();
    expect(intentIdOf(PREFIX, intentKey('/other/', ID))).toBeNull();
    expect(intentIdOf(PREFIX, `${intentKey(PREFIX, ID)}/${'x'.repeat(4096)}`)).toBeNull();
  });
});
