'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { AccessView } from '@/lib/shared/contract';
import { AccessNotice } from '@/components/access/access-notice';
import { ChangesProvider, changesFor } from '@/components/access/access-context';
import { FindingCard } from '@/components/findings/finding-card';
import type { FindingActions, RevokeStatus } from '@/components/findings/finding-revoke';
import { FindingsChecked } from '@/components/findings/findings-checked';
import { useFindings } from '@/components/findings/use-findings';
import { fetchProblem } from '@/components/leases/use-leases';
import { ProblemLine } from '@/components/ui/problem';
import { ChartSkeleton } from '@/components/ui/chart-skeleton';

/** The findings page's live part: every finding, or that there is none and what was checked. */
export function FindingsView({
  access,
  actions,
}: {
  access: AccessView;
  actions: FindingActions | null;
}) {
  const t = useTranslations('findings.page');
  const { data, error } = useFindings();
  const [revoked, setRevoked] = useState<RevokeStatus | null>(null);
  useScrollToHashOnce(Boolean(data));
  return (
    <ChangesProvider value={changesFor(access)}>
      <AccessNotice access={access} />
      {error && <ProblemLine problem={fetchProblem(error)} />}
      {!data && !error && <ChartSkeleton label={t('loading')} />}
      {/* Here, not in the finding: a revoke that works clears its finding, and its words with it. */}
      <p className={`status${revoked?.ok === false ? ' error' : ''}`} role="status">
        {revoked?.text}
      </p>
      {data && data.findings.length === 0 && (
        <p className="panel findings-none" role="status">
          {data.off ? t('off') : t('none')}
        </p>
      )}
      {data?.findings.map((f) => (
        <FindingCard
          key={f.kind}
          finding={f}
          now={data.now}
          actions={actions}
          onRevoked={setRevoked}
        />
      ))}
      {data && !data.off && <FindingsChecked thresholds={data.thresholds} leases={data.leases} />}
    </ChangesProvider>
  );
}

/**
 * The findings come after the page has loaded, so the browser found no element for /findings#kind
 * to scroll to: once they are there, go to it (once, or every poll would pull the page back).
 */
function useScrollToHashOnce(ready: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (!ready || done.current) return;
    done.current = true;
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (id) document.getElementById(id)?.scrollIntoView();
  }, [ready]);
}
