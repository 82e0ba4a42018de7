'use client';

import { useCallback, useEffect, useState } from 'react';
import { useSWRConfig } from 'swr';
import { useTranslations } from 'next-intl';
import type { AccessView, LeasesResponse } from '@/lib/shared/contract';
import { AccessNotice } from '@/components/access/access-notice';
import { ChangesProvider, changesFor } from '@/components/access/access-context';
import { ClusterPanel } from '@/components/cluster/cluster-panel';
import { EtcdBanner } from '@/components/cluster/etcd-banner';
import { EventLogPanel } from '@/components/events/event-log-panel';
import { FindingsPanel } from '@/components/findings/findings-panel';
import { useLeaseEvents } from '@/components/events/use-lease-events';
import { useEventRefresh } from '@/components/events/use-event-refresh';
import { AttachKeyForm } from '@/components/leases/attach-key-form';
import { GrantForm } from '@/components/leases/grant-form';
import { LeaseDetail } from '@/components/leases/lease-detail';
import { LeaseFilters, LeasePager } from '@/components/leases/lease-filters';
import { HoldingsPanel } from '@/components/leases/holdings-panel';
import { PrefixRevoke } from '@/components/leases/prefix-revoke';
import { LeaseSummary } from '@/components/leases/lease-summary';
import { LeaseTable } from '@/components/leases/lease-table';
import { useLeaseQuery } from '@/components/leases/use-lease-query';
import { fetchProblem, useLeases, useNow } from '@/components/leases/use-leases';

/**
 * The whole page's live part: one poll of /api/leases (the page of leases the filters ask for)
 * feeds everything on it, and an event the server pushes re-reads it at once (at most twice a
 * second), so a deleted key or an expiry shows within a fraction of a second instead of on the next
 * poll. Keep-alive renewals are left to the poll: there can be many.
 */
export function Dashboard({ initial, access }: { initial: LeasesResponse; access: AccessView }) {
  const t = useTranslations('dashboard');
  const { draft, edit, offset, setOffset, query, error: queryError } = useLeaseQuery(initial.query);
  const { data, error, mutate, isValidating } = useLeases(query, initial);
  const { mutate: mutateKey } = useSWRConfig();
  const refreshAll = useCallback(
    () => void mutateKey((key) => typeof key === 'string' && key.includes('/api/')),
    [mutateKey],
  );
  const onEvent = useEventRefresh(refreshAll);
  const { events, connected } = useLeaseEvents(onEvent);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const now = useNow();
  const serverNow = now === null || !data ? null : now + data.clockOffset;

  const refresh = useCallback(() => void mutate(), [mutate]);
  const onGranted = useCallback(
    (id: string) => {
      setSelectedId(id);
      void mutate();
    },
    [mutate],
  );

  const leases = data?.leases ?? [];
  const shown = selectedId ?? leases.find((l) => l.status === 'alive')?.id ?? null;
  const matched = data?.matched ?? 0;
  // Leases went while the viewer was on a later page: go back to the last page there is.
  useEffect(() => {
    if (data && leases.length === 0 && matched > 0 && data.query.offset > 0)
      setOffset(Math.floor((matched - 1) / data.query.limit) * data.query.limit);
  }, [data, leases.length, matched, setOffset]);

  return (
    <ChangesProvider value={changesFor(access)}>
      <AccessNotice access={access} />
      <EtcdBanner etcd={data?.etcd} serverError={error ? fetchProblem(error) : undefined} />
      {/* The console: the list is the page; beside it on wide screens (below it on narrow ones),
          the selected lease, the forms, the counts, the events and the cluster. */}
      <div className="console">
        <section className="panel console-list" aria-labelledby="leases-heading">
          <div className="list-toolbar">
            <h2 id="leases-heading">{t('leasesHeading')}</h2>
            <p className="muted small">
              {t('total', { count: data?.total ?? 0 })}
              <span className={`poll-dot${isValidating ? ' busy' : ''}`} aria-hidden="true" />
            </p>
            <LeaseFilters draft={draft} onEdit={edit} error={queryError} />
            <LeasePager
              offset={data?.query.offset ?? offset}
              limit={query.limit}
              shown={leases.length}
              matched={matched}
              onOffset={setOffset}
            />
          </div>
          <LeaseTable
            filtered={Boolean(query.id || query.key || query.kind)}
            leases={leases}
            now={serverNow}
            selectedId={shown}
            activeId={selectedId}
            onSelect={setSelectedId}
            onChanged={refresh}
          />
        </section>
        <aside className="console-side" aria-label={t('sideLabel')}>
          {/* First beside the list: it shows only when something is wrong. */}
          <FindingsPanel />
          <LeaseDetail id={shown} />
          <GrantForm onGranted={onGranted} />
          <AttachKeyForm leaseId={shown} onAttached={refresh} />
          <section className="panel" aria-label={t('countsLabel')}>
            {data && <LeaseSummary summary={data.summary} sampler={data.sampler} />}
            <HoldingsPanel onFilter={edit} />
          </section>
          <PrefixRevoke onChanged={refresh} />
          <EventLogPanel events={events} connected={connected} leaseIds={leases.map((l) => l.id)} />
          <ClusterPanel />
        </aside>
      </div>
    </ChangesProvider>
  );
}
