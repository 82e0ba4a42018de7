'use client';

import Link from 'next/link';
import { useCallback, useState, type ReactNode } from 'react';
import { useSWRConfig } from 'swr';
import { ChangesProvider, changesFor, useChanges } from '@/components/access/access-context';
import { EventLogPanel } from '@/components/events/event-log-panel';
import { useLeaseEvents } from '@/components/events/use-lease-events';
import { useEventRefresh } from '@/components/events/use-event-refresh';
import { CountdownBar } from '@/components/leases/countdown-bar';
import { KeepAliveControl } from '@/components/leases/keep-alive-control';
import { LeaseChart } from '@/components/leases/lease-chart';
import { KeyList } from '@/components/leases/lease-row';
import { RevokeDialog } from '@/components/leases/revoke-dialog';
import { Staleness } from '@/components/leases/staleness';
import { useLeaseActions } from '@/components/leases/use-lease-actions';
import { fetchProblem, useLeaseDetail, useNow } from '@/components/leases/use-leases';
import { ProblemLine } from '@/components/ui/problem';
import { ThemeSwitch } from '@/components/ui/theme-switch';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { useTranslations } from 'next-intl';
import { useShortcuts } from '@/components/ui/use-shortcuts';
import { grantedOf, readAtOf, remainingOf, secondsOf } from '@/lib/shared/lease-view';
import type { AccessView, LeaseView } from '@/lib/shared/contract';
import { holdingLabel } from '@/lib/shared/holdings';
import { formatDuration } from '@/lib/shared/countdown';
import { ChartSkeleton } from '@/components/ui/chart-skeleton';
import { FindingTags } from '@/components/findings/finding-tags';
import { useLeaseFindings } from '@/components/findings/use-findings';
import { useClusterPath } from '@/components/cluster/cluster-base';

/**
 * One lease, large enough to read from the back of a room: its countdown, chart, keys, events and
 * buttons, with keyboard shortcuts (r renew once, k keep-alive on/off, x revoke after confirming).
 */
export function PresenterView({ id, access }: { id: string; access: AccessView }) {
  const { data, error, mutate } = useLeaseDetail(id);
  const { mutate: mutateKey } = useSWRConfig();
  const refresh = useCallback(() => {
    void mutate();
    void mutateKey((key) => typeof key === 'string' && key.includes('/api/leases'));
  }, [mutate, mutateKey]);
  // Events re-read the lease at most twice a second: a page that connects is sent the recent
  // events all at once, and re-reading on each one flooded the server with requests.
  const onEvent = useEventRefresh(refresh);
  const { events, connected } = useLeaseEvents(onEvent);
  const t = useTranslations('presenter');
  const path = useClusterPath();
  return (
    <ChangesProvider value={changesFor(access)}>
      <main className="presenter">
        <header className="presenter-head">
          <Link href={path('/')}>{t('allLeases')}</Link>
          <span>
            <ThemeSwitch /> <LanguageSwitch />
          </span>
        </header>
        <h1>{t.rich('heading', { id, code: (chunks) => <code>{chunks}</code> })}</h1>
        {error && <ProblemLine problem={fetchProblem(error)} />}
        {!data && !error && <ChartSkeleton label={t('loading')} />}
        {data && (
          <LeaseStage lease={data.lease} clockOffset={data.clockOffset} onChanged={refresh}>
            <LeaseChart history={data.history} events={data.events} size="large" />
          </LeaseStage>
        )}
        <EventLogPanel
          events={events.filter((e) => e.lease === id || e.lease === null)}
          connected={connected}
          leaseIds={[id]}
        />
      </main>
    </ChangesProvider>
  );
}

function LeaseStage({
  lease,
  clockOffset,
  onChanged,
  children,
}: {
  lease: LeaseView;
  clockOffset: number;
  onChanged: () => void;
  children: ReactNode;
}) {
  const now = useNow();
  const at = now === null ? (readAtOf(lease) ?? 0) : now + clockOffset;
  const alive = lease.status === 'alive';
  const seconds = secondsOf(lease, at);
  const { pending, status, renew, revoke, toggleKeepAlive } = useLeaseActions(lease, onChanged);
  const changes = useChanges();
  const [confirming, setConfirming] = useState(false);
  const t = useTranslations('presenter');
  const tr = useTranslations();
  const findingsOf = useLeaseFindings();

  useShortcuts(
    { r: renew, k: toggleKeepAlive, x: () => setConfirming(true) },
    alive && !pending && !confirming && changes.allowed,
  );

  return (
    <section className="stage" aria-label={t('countdown')}>
      <div className="stage-side">
        <div className="big-number" aria-live="off">
          {alive ? (
            <>
              <span data-testid="presenter-remaining" title={tr('duration.s', { s: seconds })}>
                {seconds < 60 ? seconds : formatDuration(seconds, tr)}
              </span>
              <small>
                {t(seconds < 60 ? 'ofSeconds' : 'of', {
                  granted: formatDuration(lease.grantedTTL, tr),
                })}
              </small>
              <Staleness
                readAt={lease.readAt}
                now={now === null ? null : at}
                failure={lease.readFailure}
              />
            </>
          ) : (
            <span className={`badge badge-${lease.status}`}>
              {tr(`status.word.${lease.status}`)}
            </span>
          )}
        </div>
        <CountdownBar
          leaseId={lease.id}
          remaining={remainingOf(lease, at)}
          seconds={seconds}
          grantedTTL={grantedOf(lease) ?? 0}
          expired={!alive}
        />
        {lease.holding && (
          <p className="big-holding" data-testid="holding">
            {holdingLabel(lease.holding, tr)}
          </p>
        )}
        <FindingTags findings={findingsOf(lease.id)} line />
        <div className="big-keys">
          <KeyList lease={lease} label={t('keys')} />
        </div>
        <div className="stage-actions">
          <button type="button" onClick={renew} disabled={!alive || pending || !changes.allowed}>
            {t('renew')} <kbd>r</kbd>
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => setConfirming(true)}
            disabled={!alive || pending || !changes.allowed}
          >
            {t('revoke')} <kbd>x</kbd>
          </button>
          <KeepAliveControl lease={lease} now={at} onChanged={onChanged} />
          <p className="muted small">
            {t.rich('keepAliveKey', { kbd: (chunks) => <kbd>{chunks}</kbd> })}
          </p>
        </div>
        <p className={`row-status${status?.ok === false ? ' error' : ''}`} role="status">
          {pending ? tr('common.working') : status?.text}
        </p>
      </div>
      <div className="stage-chart">{children}</div>
      <RevokeDialog
        lease={lease}
        open={confirming}
        onCancel={() => setConfirming(false)}
        onConfirm={revoke}
      />
    </section>
  );
}
