import type { Etcd3 } from 'etcd3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_USER_CLIENTS, USER_CLIENT_IDLE_MS, UserClients } from '@/lib/etcd/user-clients';

// The signed-in users' etcd clients: bounded in number, closed when idle, expired or signed out,
// and opened again from the session's token. The clients here only note that they were closed.

type Made = { token: string; closed: boolean };

function clients() {
  const made: Made[] = [];
  const pool = new UserClients((token) => {
    const client: Made = { token, closed: false };
    made.push(client);
    return { close: () => void (client.closed = true) } as unknown as Etcd3;
  });
  return { pool, made };
}

describe('UserClients', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it("opens a client only when a change uses it, one per session, and a new one when the session's token changes", () => {
    const { pool, made } = clients();
    const alice = pool.for('s1', 'alice', 't1', Date.now() + 3_600_000);
    expect(made).toHaveLength(0);
    const first = alice.client;
    expect(pool.for('s1', 'alice', 't1', Date.now() + 3_600_000).client).toBe(first);
    expect(made).toHaveLength(1);
    void pool.for('s1', 'alice', 't2', Date.now() + 3_600_000).client;
    expect(made.map((m) => [m.token, m.closed])).toEqual([
      ['t1', true],
      ['t2', false],
    ]);
    pool.closeAll();
  });

  it('closes the least recently used past the maximum', () => {
    const { pool, made } = clients();
    const later = Date.now() + 3_600_000;
    const use = (session: string, token: string) =>
      void pool.for(session, 'u', token, later).client;
    for (let i = 0; i < MAX_USER_CLIENTS; i++) use(`s${i}`, `t${i}`);
    use('s0', 't0'); // used again: s1 is now the least recently used
    use('new', 'tn');
    expect(pool.size).toBe(MAX_USER_CLIENTS);
    expect(made.filter((m) => m.closed).map((m) => m.token)).toEqual(['t1']);
    pool.closeAll();
  });

  it('closes a client idle too long and one whose session expired, on its own timer', () => {
    const { pool, made } = clients();
    const use = (session: string, user: string, token: string, expiresAt: number) =>
      void pool.for(session, user, token, expiresAt).client;
    use('idle', 'alice', 'ti', Date.now() + 3_600_000);
    use('expiring', 'bob', 'te', Date.now() + USER_CLIENT_IDLE_MS / 2);
    use('busy', 'carol', 'tb', Date.now() + 3_600_000);
    vi.advanceTimersByTime(USER_CLIENT_IDLE_MS * 0.6);
    expect(made.find((m) => m.token === 'te')?.closed).toBe(true);
    use('busy', 'carol', 'tb', Date.now() + 3_600_000);
    vi.advanceTimersByTime(USER_CLIENT_IDLE_MS * 0.6);
    expect(made.find((m) => m.token === 'ti')?.closed).toBe(true);
    expect(made.find((m) => m.token === 'tb')?.closed).toBe(false);
    expect(pool.size).toBe(1);
    pool.close('busy');
    expect(made.every((m) => m.closed)).toBe(true);
    pool.closeAll();
  });
});
