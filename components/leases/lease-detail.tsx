'use client';

import { leaseCommands } from '@/lib/shared/etcdctl';
import { formatDuration } from '@/lib/shared/countdown';
import { grantedOf, keysOf, readAtOf } from '@/lib/shared/lease-view';
import { CommandList } from '@/components/leases/command-list';
import { LeaseChart } from '@/components/leases/lease-chart';
import { useLeaseDetail } from '@/components/leases/use-leases';
import { KeyList } from '@/components/leases/lease-row';
import { holdingLabel } from '@/lib/shared/holdings';

/** The selected lease: its chart and what the two TTLs mean. */
export function LeaseDetail({ id }: { id: string | null }) {
  const { data, error, isLoading } = useLeaseDetail(id);

  return (
    <section className="panel detail" aria-labelledby="detail-heading">
      <h2 id="detail-heading">
        {id ? (
          <>
            Lease <code>{id}</code> over time{' '}
            <a className="small" href={`/leases/${id}`}>
              presenter view
            </a>
          </>
        ) : (
          'Lease over time'
        )}
      </h2>
      {!id && <p className="muted">Grant a lease or pick one from the list to chart it.</p>}
      {id && isLoading && <div className="skeleton chart-skeleton" aria-label="Loading chart" />}
      {id && error && <p className="error">{error.message}</p>}
      {data && (
        <>
          {data.lease.holding && <p className="holding">{holdingLabel(data.lease.holding)}</p>}
          <KeyList lease={data.lease} label="Keys of the selected lease" />
          <LeaseChart history={data.history} events={data.events} />
          <p className="legend-text">
            <strong>Granted TTL</strong> ({grantedOf(data.lease) ?? '?'} s) is the TTL the lease was
            granted or last renewed with: what a grant response calls <code>TTL</code> and
            TimeToLive calls <code>grantedTTL</code>. <strong>Remaining TTL</strong> is what
            TimeToLive calls <code>TTL</code>: seconds left before etcd deletes the lease and its
            keys. A renewal resets remaining to granted.
          </p>
          <p className="muted small">
            Last read from etcd{' '}
            {formatDuration(Math.max(0, data.now - (readAtOf(data.lease) ?? data.now)) / 1000)}{' '}
            before this answer. The chart spans{' '}
            {formatDuration(
              data.history.length > 1
                ? ((data.history.at(-1)?.t ?? 0) - (data.history[0]?.t ?? 0)) / 1000
                : 0,
            )}{' '}
            (at most 15 minutes) and keeps the corners of the countdown: where it started, each
            renewal, where it is now. A remaining TTL that jumps up with no renewal mark is etcd
            refreshing the lease after a leader change or restart.
          </p>
          <CommandList
            commands={leaseCommands(data.lease.id, {
              key: keysOf(data.lease)[0] ?? '/service/self',
              value: '127.0.0.1',
            })}
            title="Every action on this lease, from etcdctl or Go"
          />
        </>
      )}
    </section>
  );
}
