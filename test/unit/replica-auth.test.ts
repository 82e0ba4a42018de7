import { describe, expect, it } from 'vitest';
import { PASS_WINDOW_MS, ReplicaAuth } from '@/lib/replicas/replica-auth';

const KEY = '/lease-dashboard/election/leader/7587883061417795331';
const A = 'http://10.0.0.11:3000';

describe("the replicas' signatures", () => {
  const auth = new ReplicaAuth('a shared secret of some length');

  it("names a replica's URL only from an entry signed for its own key", () => {
    const entry = auth.entry(KEY, A);
    expect(auth.urlOf(KEY, entry)).toBe(A);
    // Copied to another key, or with its URL changed, it names nobody.
    expect(auth.urlOf(`${KEY}1`, entry)).toBeNull();
    const changed = JSON.stringify({ ...JSON.parse(entry), url: 'http://10.0.0.66:3000' });
    expect(auth.urlOf(KEY, changed)).toBeNull();
    expect(new ReplicaAuth('another secret, same length!!!').urlOf(KEY, entry)).toBeNull();
  });

  it.each(['http://127.0.0.1:2379', 'not a url', '{}', 'null', '{"url":1,"sig":"x"}'])(
    'names nobody for %s',
    (value) => expect(auth.urlOf(KEY, value)).toBeNull(),
  );

  it('checks a passed request by who passed it, its method, path and time', () => {
    const now = 1_800_000_000_000;
    const sig = auth.pass(A, 'GET', '/api/leases?limit=5', now);
    expect(auth.passedBy(A, 'GET', '/api/leases?limit=5', sig, now + 1000)).toBe(true);
    expect(auth.passedBy(A, 'POST', '/api/leases?limit=5', sig, now)).toBe(false);
    expect(auth.passedBy(A, 'GET', '/api/leases?limit=6', sig, now)).toBe(false);
    expect(auth.passedBy('http://x:1', 'GET', '/api/leases?limit=5', sig, now)).toBe(false);
    expect(auth.passedBy(A, 'GET', '/api/leases?limit=5', sig, now + PASS_WINDOW_MS + 1)).toBe(
      false,
    );
    expect(auth.passedBy(A, 'GET', '/', `${now}.forged`, now)).toBe(false);
    expect(auth.passedBy(A, 'GET', '/', '', now)).toBe(false);
  });
});
