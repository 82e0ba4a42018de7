import type { KeepAliveSchedule } from '@/lib/shared/contract';

// When an automatic keep-alive renews a lease, as a share of its granted TTL after the last renewal.
// Plain data, shared by the server (timers) and the page (labels).

export const KEEP_ALIVE_SCHEDULES = [
  'third',
  'half',
  'three-quarters',
] as const satisfies readonly KeepAliveSchedule[];

export const SCHEDULES: Record<
  KeepAliveSchedule,
  { fraction: number; label: string; who: string }
> = {
  third: { fraction: 1 / 3, label: 'every TTL/3', who: 'what clientv3 and etcd3 do' },
  half: { fraction: 1 / 2, label: 'at 1/2 of the TTL', who: "a DHCP client's T1" },
  'three-quarters': {
    fraction: 3 / 4,
    label: 'at 3/4 of the TTL',
    who: 'a late renewal, little margin',
  },
};

/** Milliseconds from one renewal to the next for a lease granted `ttlSeconds`. */
export function renewalDelayMs(schedule: KeepAliveSchedule, ttlSeconds: number): number {
  return Math.max(100, Math.round(SCHEDULES[schedule].fraction * ttlSeconds * 1000));
}
