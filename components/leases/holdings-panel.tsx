'use client';

import useSWR from 'swr';
import { useTranslations } from 'next-intl';
import { fetchJson } from '@/components/leases/use-leases';
import { HOLDING_KINDS, kindLabel } from '@/lib/shared/holdings';
import { holdingsResponseSchema } from '@/lib/shared/contract-holdings';
import type { LeaseFilterDraft } from '@/components/leases/use-lease-query';
import { useClusterPath } from '@/components/cluster/cluster-base';

/** As often as the server counts (lib/api/holdings.ts): polling faster would show nothing new. */
const HOLDINGS_POLL_MS = 5000;

const fetchHoldings = (url: string) => fetchJson(url, holdingsResponseSchema);

/**
 * What the alive leases hold (locks, elections, registrations, Kubernetes) and the key prefixes that
 * hold the most leases; each one a button that filters the list to it.
 */
export function HoldingsPanel({ onFilter }: { onFilter: (f: Partial<LeaseFilterDraft>) => void }) {
  const t = useTranslations('holdingsPanel');
  const tr = useTranslations();
  const path = useClusterPath();
  const url = path('/api/holdings');
  const { data } = useSWR(url, fetchHoldings, { refreshInterval: HOLDINGS_POLL_MS });
  if (!data) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    <div className="holdings" aria-label={t('label')}>
      <ul className="chips" aria-label={t('byKind')}>
        {HOLDING_KINDS.filter((k) => data.kinds[k] > 0).map((k) => (
          <li key={k}>
            <button type="button" className="chip" onClick={() => onFilter({ kind: k, key: '' })}>
              {kindLabel(k, tr)} <strong>{n(data.kinds[k])}</strong>
            </button>
          </li>
        ))}
      </ul>
      {data.prefixes.length > 0 && (
        <ul className="chips" aria-label={t('byPrefix')}>
          {data.prefixes.map((p) => (
            <li key={p.prefix}>
              <button
                type="button"
                className="chip"
                title={t('showPrefix', { prefix: p.prefix })}
                onClick={() => onFilter({ key: p.prefix, kind: '' })}
              >
                <code>{p.prefix}</code> <strong>{n(p.leases)}</strong>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
