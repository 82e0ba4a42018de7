'use client';

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EXPIRING_SOON_S } from '@/lib/shared/lease-query';
import { plural } from '@/lib/shared/words';
import type { LeaseSummary as Summary, SamplerStats } from '@/lib/shared/contract';

const n = (x: number) => x.toLocaleString('en-US');

/**
 * What an operator wants first from a big cluster: how many leases are alive, how many are about to
 * expire and how many just went, how the remaining TTLs spread, and how fresh the readings are.
 */
export function LeaseSummary({ summary, sampler }: { summary: Summary; sampler: SamplerStats }) {
  return (
    <div className="lease-summary">
      <dl className="counts" aria-label="Lease counts">
        <div>
          <dt>Alive</dt>
          <dd data-testid="count-alive">{n(summary.alive)}</dd>
        </div>
        <div className={summary.expiringSoon ? 'warn' : undefined}>
          <dt>Expiring within {EXPIRING_SOON_S} s</dt>
          <dd data-testid="count-expiring">{n(summary.expiringSoon)}</dd>
        </div>
        <div>
          <dt>Expired in the last minute</dt>
          <dd data-testid="count-expired">{n(summary.expiredLastMinute)}</dd>
        </div>
        <div>
          <dt>Revoked in the last minute</dt>
          <dd data-testid="count-revoked">{n(summary.revokedLastMinute)}</dd>
        </div>
      </dl>
      <figure className="histogram">
        <figcaption className="small muted">Alive leases by remaining TTL</figcaption>
        <ResponsiveContainer width="100%" height={120}>
          <BarChart data={summary.histogram} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <XAxis dataKey="label" stroke="var(--muted)" fontSize={11} interval={0} />
            <YAxis allowDecimals={false} width={44} stroke="var(--muted)" fontSize={11} />
            <Tooltip formatter={(v) => [`${String(v)} leases`]} />
            <Bar dataKey="count" fill="var(--remaining)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <table className="visually-hidden" aria-label="Alive leases by remaining TTL">
          <tbody>
            {summary.histogram.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      <p className="small muted" data-testid="sampler-pace">
        {samplerPace(sampler)}
      </p>
    </div>
  );
}

/** How the sampler keeps up, in words: every lease every second, or in turns with a staleness. */
export function samplerPace(sampler: SamplerStats): string {
  const round = sampler.lastRound;
  if (!round) return 'Waiting for the first reading of the leases.';
  const took = `${(round.ms / 1000).toFixed(2)} s`;
  if (sampler.mode === 'full')
    return `Every lease is read once a second (last round: ${plural(round.leases, 'lease')} in ${took}).`;
  return (
    `${n(round.leases)} leases are more than one second can read: leases near expiry, on screen ` +
    `or with a recent event are read every second, the rest in turn (last round: ${plural(round.reads, 'read')} ` +
    `in ${took}; the oldest reading is ${(round.maxStalenessMs / 1000).toFixed(1)} s old).`
  );
}
