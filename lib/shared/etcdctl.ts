// The etcdctl command and the Go clientv3 call behind each of the dashboard's actions, so people can
// do the same from a shell or a program. Pure text; the formats are etcdctl's and clientv3's own.

export type LeaseAction =
  'grant' | 'attach' | 'renew' | 'keep-alive' | 'time-to-live' | 'revoke' | 'list';

/** One action's command and call; its name is in the catalogs ("commands.actions"). */
export type Command = { action: LeaseAction; etcdctl: string; go: string };

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One word for a POSIX shell: as it is when nothing in it is special, else in single quotes. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A Go interpreted string literal (JSON's escapes are all valid Go escapes). */
export function goString(text: string): string {
  return JSON.stringify(text);
}

/** etcdctl reads a word starting with "-" as a flag; "--" ends the flags. */
const positional = (words: string[]) =>
  (words.some((w) => w.startsWith('-')) ? ['--', ...words] : words).map(shellQuote).join(' ');

const goLease = (id: string) => `clientv3.LeaseID(0x${id})`;

export function grantCommand(ttl: number | string): Command {
  const seconds = String(ttl).trim() || '10';
  return {
    action: 'grant',
    etcdctl: `etcdctl lease grant ${shellQuote(seconds)}`,
    go: `resp, err := cli.Grant(ctx, ${/^\d+$/.test(seconds) ? seconds : 'ttl'})`,
  };
}

/**
 * `etcdctl put --lease`. With no ID (the lease is still to be granted) the lease is the shell
 * variable $LEASE and Go's grant response, `resp.ID`.
 */
export function attachCommand(id: string | null, key: string, value: string): Command {
  return {
    action: 'attach',
    etcdctl: `etcdctl put --lease=${id ?? '"$LEASE"'} ${positional([key, value])}`,
    go: `_, err = cli.Put(ctx, ${goString(key)}, ${goString(value)}, clientv3.WithLease(${id ? goLease(id) : 'resp.ID'}))`,
  };
}

/** Every command for one lease, in the order of its life. */
export function leaseCommands(
  id: string,
  example = { key: '/service/self', value: '127.0.0.1' },
): Command[] {
  return [
    attachCommand(id, example.key, example.value),
    {
      action: 'time-to-live',
      etcdctl: `etcdctl lease timetolive --keys ${id}`,
      go: `resp, err := cli.TimeToLive(ctx, ${goLease(id)}, clientv3.WithAttachedKeys())`,
    },
    {
      action: 'renew',
      etcdctl: `etcdctl lease keep-alive --once ${id}`,
      go: `resp, err := cli.KeepAliveOnce(ctx, ${goLease(id)})`,
    },
    {
      action: 'keep-alive',
      etcdctl: `etcdctl lease keep-alive ${id}`,
      go: `ch, err := cli.KeepAlive(ctx, ${goLease(id)}) // renews every TTL/3 until ctx is done`,
    },
    {
      action: 'revoke',
      etcdctl: `etcdctl lease revoke ${id}`,
      go: `_, err := cli.Revoke(ctx, ${goLease(id)})`,
    },
    {
      action: 'list',
      etcdctl: 'etcdctl lease list',
      go: 'resp, err := cli.Leases(ctx)',
    },
  ];
}
