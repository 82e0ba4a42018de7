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
      {sampler.watchPrefixes && (
        <p className="small" data-testid="watch-scope">
          Live key events cover only keys under{' '}
          {sampler.watchPrefixes.map((p, i) => (
            <span key={p}>
              {i > 0 && ', '}
              <code>{p}</code>
            </span>
          ))}{' '}
          (<code>DASHBOARD_WATCH_PREFIXES</code>). Keys elsewhere are still listed with their
          leases, but their puts and deletes show only at the lease&apos;s next reading.
        </p>
      )}
    </div>
  );
}

/** How the sampler reads the leases, in words, and how old the oldest reading is. */
export function samplerPace(sampler: SamplerStats): string {
  const round = sampler.lastRound;
  if (!round) return 'Waiting for the first reading of the leases.';
  const last =
    `last round: ${plural(round.reads, 'read')} of ${plural(round.leases, 'lease')} in ` +
    `${(round.ms / 1000).toFixed(2)} s; the oldest reading is ${(round.maxStalenessMs / 1000).toFixed(1)} s old` +
    (round.unread > 0 ? `; ${n(round.unread)} not read yet` : '');
  const bound = sampler.stalenessBoundS;
  if (sampler.mode === 'as-needed')
    return (
      `Leases on screen are read every second; the rest when their reading may have gone wrong ` +
      `(near a renewal point or their expiry), and at least every ${bound} s (${last}).`
    );
  return (
    `There are more leases to read than etcd's pace (or the read cap) allows: leases on screen and near expiry ` +
    `come first, the rest in turn, and readings get older than ${bound} s (${last}).`
  );
}
