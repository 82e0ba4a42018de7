'use client';

import type { LeaseView } from '@/lib/shared/contract';
import { LeaseRow } from '@/components/leases/lease-row';

type Props = {
  leases: LeaseView[];
  /** whether a filter is applied (an empty list then means no match, not an empty etcd) */
  filtered: boolean;
  now: number | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onChanged: () => void;
};

export function LeaseTable({ leases, filtered, now, selectedId, onSelect, onChanged }: Props) {
  if (leases.length === 0 && filtered) {
    return <p className="empty">No lease matches the filter.</p>;
  }
  if (leases.length === 0) {
    return (
      <p className="empty">
        No leases in etcd yet. Grant one above, or from a shell: <code>etcdctl lease grant 30</code>
      </p>
    );
  }
  return (
    <table className="leases" aria-label="Leases">
      <thead>
        <tr>
          <th scope="col">Lease ID</th>
          <th scope="col">
            Granted TTL
            <small>what it was granted or last renewed with</small>
          </th>
          <th scope="col">
            Remaining TTL
            <small>seconds left before etcd deletes it and its keys</small>
          </th>
          <th scope="col">Attached keys</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {leases.map((lease) => (
          <LeaseRow
            key={lease.id}
            lease={lease}
            now={now}
            selected={lease.id === selectedId}
            onSelect={onSelect}
            onChanged={onChanged}
          />
        ))}
      </tbody>
    </table>
  );
}
