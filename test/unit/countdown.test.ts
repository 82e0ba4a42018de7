import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { english } from '@/lib/shared/english';
import type { Translate } from '@/lib/shared/i18n';
import { summarize } from '@/lib/shared/lease-query';
import zhCN from '@/messages/zh-CN.json';
import {
  bucketLabel,
  displaySeconds,
  formatDuration,
  ttlWords,
  remainingFraction,
  remainingNow,
} from '@/lib/shared/countdown';

describe('countdown maths', () => {
  const readAt = 1_000_000;

  it('shows exactly what etcd answered at the moment of the reading', () => {
    expect(displaySeconds(9, readAt, readAt)).toBe(9);
  });

  it('counts down between readings', () => {
    expect(remainingNow(9, readAt, readAt + 2500)).toBeCloseTo(6.5);
    expect(displaySeconds(9, readAt, readAt + 2500)).toBe(7);
  });

  it('stays within one second of what etcd would answer (floor of the true remaining time)', () => {
    // etcd floors: a reading of 9 means between 9 and 10 seconds were left at readAt.
    for (let trueAtRead = 9; trueAtRead < 10; trueAtRead += 0.1) {
      for (let elapsed = 0; elapsed <= 9000; elapsed += 137) {
        const etcdWouldSay = Math.floor(trueAtRead - elapsed / 1000);
        expect(
          Math.abs(displaySeconds(9, readAt, readAt + elapsed) - etcdWouldSay),
        ).toBeLessThanOrEqual(1);
      }
    }
  });

  it('never goes below zero, and an expired lease (-1) has nothing left', () => {
    expect(remainingNow(2, readAt, readAt + 10_000)).toBe(0);
    expect(displaySeconds(2, readAt, readAt + 10_000)).toBe(0);
    expect(remainingNow(-1, readAt, readAt)).toBe(0);
  });

  it('ignores a clock that runs behind the reading', () => {
    expect(remainingNow(5, readAt, readAt - 3000)).toBe(5);
  });

  it('gives the bar a fraction of the granted TTL', () => {
    expect(remainingFraction(5, 10)).toBe(0.5);
    expect(remainingFraction(12, 10)).toBe(1);
    expect(remainingFraction(3, 0)).toBe(0);
  });

  it('formats durations for people', () => {
    expect(formatDuration(4.9)).toBe('4 s');
    expect(formatDuration(65)).toBe('1m 5s');
    expect(formatDuration(3598)).toBe('59m 58s');
    expect(formatDuration(3600 + 120)).toBe('1h 2m');
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(86400 * 2 + 3 * 3600 + 59)).toBe('2d 3h');
    expect(formatDuration(86400 * 3)).toBe('3d');
    expect(ttlWords(10)).toBe('10 s');
    expect(ttlWords(3660)).toBe('1h 1m (3660 s)');
  });
});

describe('remaining-TTL bucket names', () => {
  const buckets = summarize([], 0, { expired: 0, revoked: 0 }).histogram;

  it('are the API labels in English', () => {
    expect(buckets.map((b) => bucketLabel(b, english))).toEqual(buckets.map((b) => b.label));
  });

  it('are Chinese in Chinese, a range in one unit naming it once', () => {
    const chinese: Translate = createTranslator({ locale: 'zh-CN', messages: zhCN });
    expect(buckets.map((b) => bucketLabel(b, chinese))).toEqual([
      '< 10秒',
      '10-30秒',
      '30秒-1分',
      '1-5分',
      '5-15分',
      '15分-1小时',
      '1-6小时',
      '> 6小时',
    ]);
  });
});
