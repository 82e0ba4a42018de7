'use client';

import { displaySeconds, formatDuration, remainingNow } from '@/lib/shared/countdown';
import type { LeaseView } from '@/lib/shared/contract';
import { useChanges } from '@/components/access/access-context';
import { CountdownBar } from './countdown-bar';
import { KeepAliveControl } from './keep-alive-control';
import { Staleness } from './staleness';
import { useLeaseActions } from './use-lease-actions';

type Props = {
  lease: LeaseView;
  /** server time now, ms; null before hydration (then the last reading is shown as it is) */
  now: number | null;
  selected: boolean;
  onSelect: (id: string) => void;
  onChanged: () => void;
};

export function LeaseRow({ lease, now, selected, onSelect, onChanged }: Props) {
  const { pending, status, renew, revoke } = useLeaseActions(lease, onChanged);
  const alive = lease.status === 'alive';
  const changes = useChanges();
  const at = now ?? lease.readAt;
  const remaining = remainingNow(lease.ttl, lease.readAt, at);
  const seconds = displaySeconds(lease.ttl, lease.readAt, at);

  return (
    <tr
      className={`lease-row lease-${lease.status}${selected ? ' selected' : ''}`}
      aria-label={`Lease ${lease.id}`}
    >
      <td>
        <button
          type="button"
          className="link"
          aria-pressed={selected}
          title="Show this lease on the chart"
          onClick={() => onSelect(lease.id)}
        >
          <code>{lease.id}</code>
        </button>
      </td>
      <td className="num">{lease.grantedTTL} s</td>
      <td className="remaining">
        {alive ? (
          <>
            <span className="num" data-testid="remaining-seconds">
              {seconds} s
            </span>
            <Staleness readAt={lease.readAt} now={now} />
          </>
        ) : (
          <span className={`badge badge-${lease.status}`}>{goneLabel(lease, at)}</span>
        )}
        <CountdownBar
          leaseId={lease.id}
          remaining={remaining}
          seconds={seconds}
          grantedTTL={lease.grantedTTL}
          expired={!alive}
        />
      </td>
      <td>
        <KeyList lease={lease} />
      </td>
      <td className="actions">
        <button
          type="button"
          onClick={renew}
          disabled={!alive || pending || !changes.allowed}
          title={changes.why ?? undefined}
        >
          Renew once
        </button>
        <button
          type="button"
          className="danger"
          onClick={revoke}
          disabled={!alive || pending || !changes.allowed}
          title={changes.why ?? undefined}
        >
          Revoke
        </button>
        <p className={`row-status ${status?.ok === false ? 'error' : ''}`} aria-live="polite">
          {pending ? 'Working...' : status?.text}
        </p>
        <KeepAliveControl lease={lease} now={now} onChanged={onChanged} />
      </td>
    </tr>
  );
}

/** The keys on a lease, and the ones etcd deleted with it, struck through. */
export function KeyList({ lease, label }: { lease: LeaseView; label?: string }) {
  if (lease.keys.length === 0 && lease.deletedKeys.length === 0)
    return <span className="muted">no keys</span>;
  return (
    <ul className="keys" aria-label={label}>
      {lease.keys.map((k) => (
        <li key={`k-${k}`}>
          <code>{k}</code>
        </li>
      ))}
      {lease.deletedKeys.map((k) => (
        <li key={`d-${k}`} className="deleted">
          <del>
            <code>{k}</code>
          </del>{' '}
          <span className="muted">deleted</span>
        </li>
      ))}
    </ul>
  );
}

function goneLabel(lease: LeaseView, now: number): string {
  const ago =
    lease.goneAt === null ? '' : ` ${formatDuration(Math.max(0, (now - lease.goneAt) / 1000))} ago`;
  if (lease.status === 'expired') return `expired${ago}`;
  return `revoked${lease.revokedBy === 'another client' ? ' by another client' : ''}${ago}`;
}
