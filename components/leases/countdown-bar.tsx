import { useTranslations } from 'next-intl';
import { remainingFraction } from '@/lib/shared/countdown';

type Props = {
  leaseId: string;
  /** seconds left, fractional, estimated for now */
  remaining: number;
  /** whole seconds to show (and announce) */
  seconds: number;
  grantedTTL: number;
  expired?: boolean;
};

/** Remaining TTL against granted TTL, as an accessible progress bar. */
export function CountdownBar({ leaseId, remaining, seconds, grantedTTL, expired = false }: Props) {
  const t = useTranslations('countdown');
  const fraction = expired ? 0 : remainingFraction(remaining, grantedTTL);
  const tone = expired ? 'gone' : fraction <= 0.25 ? 'low' : fraction <= 0.5 ? 'mid' : 'high';
  return (
    <div
      className={`countdown countdown-${tone}`}
      role="progressbar"
      aria-label={t('label', { id: leaseId })}
      aria-valuemin={0}
      aria-valuemax={grantedTTL}
      aria-valuenow={expired ? 0 : seconds}
      aria-valuetext={expired ? t('expired') : t('left', { seconds, granted: grantedTTL })}
    >
      <div className="countdown-fill" style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
    </div>
  );
}
