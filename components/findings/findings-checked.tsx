'use client';

import { useTranslations } from 'next-intl';
import type { FindingKind, FindingThresholds } from '@/lib/shared/contract-findings';
import { formatDuration } from '@/lib/shared/countdown';

/**
 * What the rules looked for, with the thresholds in force: beside "no findings", it says what
 * "healthy" was judged against.
 */
export function FindingsChecked({
  thresholds: th,
  leases,
}: {
  thresholds: FindingThresholds;
  leases: number;
}) {
  const t = useTranslations('findings.checked');
  const tr = useTranslations();
  const duration = (s: number) => formatDuration(s, tr);
  const checks: Record<FindingKind, string> = {
    leaked: t('leaked', { age: duration(th.leakAgeSeconds) }),
    'forever-renewed': t('forever-renewed', { ttls: th.foreverRenewedTtls }),
    growth: t('growth', { perMinute: th.growthPerMinute }),
    'refreshed-by-leader-change': t('refreshed-by-leader-change'),
    'expiry-storm': t('expiry-storm', { count: th.expiryStormLeases }),
    'renew-storm': t('renew-storm'),
    'stuck-lock': t('stuck-lock', { duration: duration(th.stuckLockSeconds) }),
    'leaderless-election': t('leaderless-election'),
    'holder-expiring': t('holder-expiring', { duration: duration(th.holderExpiringSeconds) }),
    heavy: t('heavy', { keys: th.heavyKeys }),
  };
  return (
    <section className="panel findings-checked" aria-labelledby="findings-checked-heading">
      <h2 id="findings-checked-heading">{t('heading')}</h2>
      <p>{t('leases', { count: leases })}</p>
      <ul>
        {Object.entries(checks).map(([kind, words]) => (
          <li key={kind}>{words}</li>
        ))}
      </ul>
    </section>
  );
}
