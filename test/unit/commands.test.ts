import { describe, expect, it } from 'vitest';
import { attachCommand, grantCommand, leaseCommands, shellQuote } from '@/lib/shared/etcdctl';

const id = '2040a210916d5805';

describe('commands beside each action', () => {
  it("matches etcdctl's and clientv3's own forms", () => {
    const byAction = Object.fromEntries(leaseCommands(id).map((c) => [c.action, c]));
    expect(byAction.renew?.etcdctl).toBe(`etcdctl lease keep-alive --once ${id}`);
    expect(byAction.renew?.go).toBe(
      `resp, err := cli.KeepAliveOnce(ctx, clientv3.LeaseID(0x${id}))`,
    );
    expect(byAction['keep-alive']?.etcdctl).toBe(`etcdctl lease keep-alive ${id}`);
    expect(byAction['time-to-live']?.etcdctl).toBe(`etcdctl lease timetolive --keys ${id}`);
    expect(byAction.revoke?.etcdctl).toBe(`etcdctl lease revoke ${id}`);
    expect(byAction.attach?.etcdctl).toBe(`etcdctl put --lease=${id} /service/self 127.0.0.1`);
    expect(grantCommand(10)).toMatchObject({
      etcdctl: 'etcdctl lease grant 10',
      go: 'resp, err := cli.Grant(ctx, 10)',
    });
  });

  it('quotes what a shell would otherwise split or expand', () => {
    expect(shellQuote('/service/self')).toBe('/service/self');
    expect(shellQuote('hello world')).toBe("'hello world'");
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(shellQuote('')).toBe("''");
  });

  it('ends the flags before a key that starts with a dash, and quotes Go strings', () => {
    const c = attachCommand(id, '-weird key', 'say "hi"\n');
    expect(c.etcdctl).toBe(`etcdctl put --lease=${id} -- '-weird key' 'say "hi"\n'`);
    expect(c.go).toBe(
      `_, err = cli.Put(ctx, "-weird key", "say \\"hi\\"\\n", clientv3.WithLease(clientv3.LeaseID(0x${id})))`,
    );
  });

  it('uses the grant response when the lease is yet to be granted', () => {
    const c = attachCommand(null, '/k', 'v');
    expect(c.etcdctl).toBe('etcdctl put --lease="$LEASE" /k v');
    expect(c.go).toContain('clientv3.WithLease(resp.ID)');
  });
});
