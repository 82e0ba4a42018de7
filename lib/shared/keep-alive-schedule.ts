import { KEEP_ALIVE_SCHEDULES, type KeepAliveSchedule } from '@/lib/shared/contract';
import { english } from '@/lib/shared/english';
import type { Translate } from '@/lib/shared/i18n';

// When an automatic keep-alive renews a lease, as a share of its granted TTL after the last renewal.
// Plain data, shared by the server (timers) and the page (labels, in messages/*.json).

export { KEEP_ALIVE_SCHEDULES };

export const SCHEDULES: Record<KeepAliveSchedule, { fraction: number }> = {
  /** what clientv3 and etcd3 do */
  third: { fraction: 1 / 3 },
  /** a DHCP client's T1 */
  half: { fraction: 1 / 2 },
  /** a late renewal, little margin */
  'three-quarters': { fraction: 3 / 4 },
};

/** The schedule in words: "every TTL/3". */
export function scheduleLabel(schedule: KeepAliveSchedule, t: Translate = english): string {
  return t(`schedules.${schedule}`);
}

/** Milliseconds from one renewal to the next for a lease granted `ttlSeconds`. */
export function renewalDelayMs(schedule: KeepAliveSchedule, ttlSeconds: number): number {
  return Math.max(100, Math.round(SCHEDULES[schedule].fraction * ttlSeconds * 1000));
}
