'use client';

import { useId, useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { setKeepAliveAction } from '@/app/actions';
import { useChanges } from '@/components/access/access-context';
import { formatDuration } from '@/lib/shared/countdown';
import { KEEP_ALIVE_SCHEDULES, scheduleLabel } from '@/lib/shared/keep-alive-schedule';
import type { KeepAliveSchedule, LeaseView } from '@/lib/shared/contract';
import { inWords, type Translate } from '@/lib/shared/i18n';
import { useInWords } from '@/components/ui/problem';

type Props = {
  lease: LeaseView;
  /** server time now, ms, for "last renewal 2 s ago"; null before hydration */
  now: number | null;
  onChanged: () => void;
};

/**
 * The "Keep alive" switch and its schedule. The state shown is the server's, so every viewer sees
 * the same: on or off, how often, how many renewals, the last error, and why it stopped.
 */
export function KeepAliveControl({ lease, now, onChanged }: Props) {
  const t = useTranslations('keepAlive');
  const tr = useTranslations();
  const words = useInWords();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const scheduleId = useId();
  const keepAlive = lease.keepAlive;
  const on = keepAlive?.on ?? false;
  const [schedule, setSchedule] = useState<KeepAliveSchedule>(keepAlive?.schedule ?? 'third');
  const alive = lease.status === 'alive';
  const changes = useChanges();
  // While on, the server's schedule is the truth (another viewer may have changed it).
  const shown = on && keepAlive ? keepAlive.schedule : schedule;

  const send = (next: { on: boolean; schedule: KeepAliveSchedule }) =>
    startTransition(async () => {
      const result = await setKeepAliveAction({ leaseId: lease.id, ...next });
      setError(result.ok ? null : words(result));
      onChanged();
    });

  return (
    <div className="keep-alive">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        className={`switch${on ? ' on' : ''}`}
        disabled={pending || (!alive && !on) || !changes.allowed}
        title={changes.why ?? undefined}
        onClick={() => send({ on: !on, schedule: shown })}
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        {t('switch')}
      </button>
      <label className="visually-hidden" htmlFor={scheduleId}>
        {t('schedule')}
      </label>
      <select
        id={scheduleId}
        value={shown}
        disabled={pending || !alive || !changes.allowed}
        title={t('scheduleTitle')}
        onChange={(e) => {
          const next = e.target.value as KeepAliveSchedule;
          setSchedule(next);
          if (on) send({ on: true, schedule: next });
        }}
      >
        {KEEP_ALIVE_SCHEDULES.map((s) => (
          <option key={s} value={s}>
            {scheduleLabel(s, tr)}
          </option>
        ))}
      </select>
      <p
        className={`row-status${error ? ' error' : ''}`}
        aria-live="polite"
        title={error ?? describe(lease, now, tr) ?? undefined}
      >
        {pending ? tr('common.working') : (error ?? describe(lease, now, tr))}
      </p>
    </div>
  );
}

function describe(lease: LeaseView, now: number | null, t: Translate): string | null {
  const k = lease.keepAlive;
  if (!k) return null;
  if (!k.on) return t('keepAlive.stopped', { reason: inWords(t, k.stopReason) });
  return t('keepAlive.keptAlive', {
    schedule: scheduleLabel(k.schedule, t),
    renewals: k.renewals,
    hasAgo: now !== null ? 'yes' : 'no',
    ago: now !== null ? formatDuration(Math.max(0, (now - k.lastRenewalAt) / 1000), t) : '',
    failing: k.lastError ? 'yes' : 'no',
    error: k.lastError ? inWords(t, k.lastError) : '',
  });
}
