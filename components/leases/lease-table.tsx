'use client';

import type { LeaseView } from '@/lib/shared/contract';
import { LeaseRow } from '@/components/leases/lease-row';
import { useShortcuts } from '@/components/ui/use-shortcuts';

type Props = {
  leases: LeaseView[];
  /** whether a filter is applied (an empty list then means no match, not an empty etcd) */
  filtered: boolean;
  now: number | null;
  selectedId: string | null;
  /** the lease the viewer chose, which answers the keyboard (selectedId may be a default) */
  activeId: string | null;
  onSelect: (id: string) => void;
  onChanged: () => void;
};

export function LeaseTable(props: Props) {
  const { leases, filtered, now, selectedId, activeId, onSelect, onChanged } = props;
  useShortcuts(
    {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => move(-Infinity),
      End: () => move(Infinity),
    },
    leases.length > 0,
    'table.leases',
  );
  /** Selects the lease `step` rows away from the focused one, and moves the focus to it. */
  function move(step: number): void {
    const row = document.activeElement?.closest('tr')?.getAttribute('aria-label');
    const from = row?.startsWith('Lease ') ? row.slice('Lease '.length) : selectedId;
    const at = leases.findIndex((l) => l.id === from);
    const base = at >= 0 ? at : step > 0 ? -1 : leases.length;
    const to = Math.min(leases.length - 1, Math.max(0, base + step));
    const next = leases[to];
    if (!next) return;
    onSelect(next.id);
    document.querySelector<HTMLElement>(`[data-lease-select="${next.id}"]`)?.focus();
  }
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
    // Wide rows scroll inside their box on a narrow screen (focusable, so the keyboard can too).
    <div className="table-scroll" role="region" tabIndex={0} aria-label="Leases, scrollable">
      <table className="leases" aria-label="Leases">
        <thead>
          <tr>
            <th scope="col">Lease ID</th>
            <th scope="col" title="The TTL it was granted or last renewed with">
              Granted
            </th>
            <th scope="col" title="Time left before etcd deletes it and its keys">
              Remaining
            </th>
            <th scope="col">Holds</th>
            <th scope="col">Keys</th>
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
              active={lease.id === activeId}
              onSelect={onSelect}
              onChanged={onChanged}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
