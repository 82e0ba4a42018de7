'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { holdingLabel } from '@/lib/shared/holdings';
import { formatDuration } from '@/lib/shared/countdown';
import {
  deletedKeysOf,
  keyCountOf,
  grantedOf,
  keysOf,
  readAtOf,
  remainingOf,
  secondsOf,
  statusLabel,
} from '@/lib/shared/lease-view';
import type { LeaseView } from '@/lib/shared/contract';
import { useChanges } from '@/components/access/access-context';
import { CountdownBar } from '@/components/leases/countdown-bar';
import { KeepAliveControl } from '@/components/leases/keep-alive-control';
import { RevokeDialog } from '@/components/leases/revoke-dialog';
import { useShortcuts } from '@/components/ui/use-shortcuts';
import { Staleness } from '@/components/leases/staleness';
import { useLeaseActions } from '@/components/leases/use-lease-actions';
import type { LeaseFinding } from '@/components/findings/by-lease';
import { FindingTags } from '@/components/findings/finding-tags';

type Props = {
  lease: LeaseView;
  /** server time now, ms; null before hydration (then the last reading is shown as it is) */
  now: number | null;
  selected: boolean;
  /** chosen by the viewer (a click or the arrow keys): then it answers r, k and x */
  active: boolean;
  /** the findings that name it (of the examples the findings carry) */
  findings: readonly LeaseFinding[];
  onSelect: (id: string) => void;
  onChanged: () => void;
};

export function LeaseRow(props: Props) {
  const { lease, now, selected, active, findings, onSelect, onChanged } = props;
  const t = useTranslations('row');
  const tr = useTranslations();
  const { pending, status, renew, revoke, toggleKeepAlive } = useLeaseActions(lease, onChanged);
  const [confirming, setConfirming] = useState(false);
  const alive = lease.status === 'alive';
  const changes = useChanges();
  const at = now ?? readAtOf(lease) ?? 0;
  const remaining = remainingOf(lease, at);
  const seconds = secondsOf(lease, at);
  const granted = grantedOf(lease);
  // The selected lease answers the keyboard while the focus is in the list, as in the presenter
  // view: r, k, x (after asking).
  useShortcuts(
    { r: renew, k: toggleKeepAlive, x: () => setConfirming(true) },
    active && alive && !pending && !confirming && changes.allowed,
    'table.leases',
  );

  return (
    <tr
      className={`lease-row lease-${lease.status}${selected ? ' selected' : ''}`}
      aria-label={t('label', { id: lease.id })}
      data-lease-row={lease.id}
    >
      <td>
        <button
          type="button"
          className="link"
          aria-pressed={selected}
          data-lease-select={lease.id}
          title={t('selectTitle')}
          onClick={() => onSelect(lease.id)}
          onFocus={() => onSelect(lease.id)}
        >
          <code>{lease.id}</code>
        </button>
      </td>
      <td className="num" title={granted === null ? undefined : tr('duration.s', { s: granted })}>
        {granted === null ? '-' : formatDuration(granted, tr)}
      </td>
      <td className="remaining">
        <div className="remaining-line">
          {alive ? (
            <span
              className="num"
              data-testid="remaining-seconds"
              title={tr('duration.s', { s: seconds })}
            >
              {formatDuration(seconds, tr)}
            </span>
          ) : (
            <span className={`badge badge-${lease.status}`}>
              {statusLabel(lease, at, (s) => formatDuration(s, tr), tr)}
            </span>
          )}
          <CountdownBar
            leaseId={lease.id}
            remaining={remaining}
            seconds={seconds}
            grantedTTL={granted ?? 0}
            expired={!alive}
          />
          {alive && <Staleness readAt={lease.readAt} now={now} failure={lease.readFailure} />}
        </div>
      </td>
      <td className="holds">
        {lease.holding && (
          <span className="holding" data-testid="holding" title={holdingLabel(lease.holding, tr)}>
            {holdingLabel(lease.holding, tr)}
          </span>
        )}
        <FindingTags findings={findings} />
      </td>
      <td className="keys-cell">
        <KeyList lease={lease} compact />
      </td>
      <td className="actions">
        <button
          type="button"
          onClick={renew}
          disabled={!alive || pending || !changes.allowed}
          title={changes.why ?? undefined}
        >
          {t('renew')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => setConfirming(true)}
          disabled={!alive || pending || !changes.allowed}
          title={changes.why ?? undefined}
        >
          {t('revoke')}
        </button>
        <p
          className={`row-status ${status?.ok === false ? 'error' : ''}`}
          aria-live="polite"
          title={status?.text}
        >
          {pending ? tr('common.working') : status?.text}
        </p>
        <KeepAliveControl lease={lease} now={now} onChanged={onChanged} />
        <RevokeDialog
          lease={lease}
          open={confirming}
          onCancel={() => setConfirming(false)}
          onConfirm={revoke}
        />
      </td>
    </tr>
  );
}

/**
 * The keys on a lease, and the ones etcd deleted with it, struck through. `compact` (a list row):
 * the first key and how many more; the selected lease's detail lists them all.
 */
export function KeyList({
  lease,
  label,
  compact = false,
}: {
  lease: LeaseView;
  label?: string;
  compact?: boolean;
}) {
  const t = useTranslations('keys');
  const all = keysOf(lease);
  const gone = deletedKeysOf(lease);
  const keys = compact ? all.slice(0, 1) : all;
  const deleted = compact && keys.length > 0 ? [] : compact ? gone.slice(0, 1) : gone;
  // Answers carry the first keys only (lib/api/bounded.ts); the count says how many there are.
  const more = keyCountOf(lease) - keys.length - deleted.length;
  if (lease.status === 'alive' && lease.keysHidden)
    return <span className="muted">{t('hidden', { reason: lease.keysHidden })}</span>;
  if (keys.length === 0 && deleted.length === 0) return <span className="muted">{t('none')}</span>;
  const unwatched = lease.status === 'alive' ? lease.unwatchedKeyCount : 0;
  return (
    <ul className={`keys${compact ? ' compact' : ''}`} aria-label={label}>
      {unwatched > 0 && (
        <li className="muted small" data-testid="unwatched-keys">
          {unwatched === keyCountOf(lease)
            ? t('unwatchedAll')
            : t('unwatchedSome', { count: unwatched })}
        </li>
      )}
      {keys.map((k, i) => (
        <li key={`k-${i}-${k}`}>
          <code>{k}</code>
        </li>
      ))}
      {deleted.map((k, i) => (
        <li key={`d-${i}-${k}`} className="deleted">
          <del>
            <code>{k}</code>
          </del>{' '}
          <span className="muted">{t('deleted')}</span>
        </li>
      ))}
      {more > 0 && (
        <li className="muted">{compact ? t('moreCompact', { more }) : t('more', { more })}</li>
      )}
    </ul>
  );
}
