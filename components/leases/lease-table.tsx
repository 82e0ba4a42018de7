'use client';

import { useTranslations } from 'next-intl';
import type { LeaseView } from '@/lib/shared/contract';
import { LeaseRow } from '@/components/leases/lease-row';
import { useLeaseFindings } from '@/components/findings/use-findings';
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
  const t = useTranslations('table');
  const findingsOf = useLeaseFindings();
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
    const from = document.activeElement?.closest('tr')?.dataset.leaseRow ?? selectedId;
    const at = leases.findIndex((l) => l.id === from);
    const base = at >= 0 ? at : step > 0 ? -1 : leases.length;
    const to = Math.min(leases.length - 1, Math.max(0, base + step));
    const next = leases[to];
    if (!next) return;
    onSelect(next.id);
    document.querySelector<HTMLElement>(`[data-lease-select="${next.id}"]`)?.focus();
  }
  if (leases.length === 0 && filtered) {
    return <p className="empty">{t('noMatch')}</p>;
  }
  if (leases.length === 0) {
    return <p className="empty">{t.rich('empty', { code: (c) => <code>{c}</code> })}</p>;
  }
  return (
    // Wide rows scroll inside their box on a narrow screen (focusable, so the keyboard can too).
    <div className="table-scroll" role="region" tabIndex={0} aria-label={t('scrollable')}>
      <table className="leases" aria-label={t('label')}>
        <thead>
          <tr>
            <th scope="col">{t('id')}</th>
            <th scope="col" title={t('grantedTitle')}>
              {t('granted')}
            </th>
            <th scope="col" title={t('remainingTitle')}>
              {t('remaining')}
            </th>
            <th scope="col">{t('holds')}</th>
            <th scope="col">{t('keys')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('actions')}</span>
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
              findings={findingsOf(lease.id)}
              onSelect={onSelect}
              onChanged={onChanged}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
