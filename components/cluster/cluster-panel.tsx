'use client';

import { useTranslations } from 'next-intl';
import { useCluster } from '@/components/cluster/use-cluster';
import { fetchProblem } from '@/components/leases/use-leases';
import { ProblemLine, useInWords } from '@/components/ui/problem';
import type { ClusterMember, ClusterResponse, EndpointStatus } from '@/lib/shared/contract-cluster';

const bytes = (n: number | null) =>
  n === null
    ? '-'
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(0)} KiB`
      : `${(n / 1024 / 1024).toFixed(1)} MiB`;

const sameUrl = (a: string, b: string) => a.replace(/\/$/, '') === b.replace(/\/$/, '');

type Row = { member: ClusterMember | null; status: EndpointStatus | null };

/** Members with the endpoint each answers on; endpoints no listed member owns get a row of their own. */
function rowsOf(cluster: ClusterResponse): Row[] {
  const claimed = new Set<string>();
  const members = [...cluster.members].sort((a, b) => a.name.localeCompare(b.name));
  const rows: Row[] = members.map((member) => {
    const status =
      cluster.endpoints.find((s) => s.ok && s.memberId === member.id) ??
      cluster.endpoints.find((s) => member.clientURLs.some((u) => sameUrl(u, s.endpoint))) ??
      null;
    if (status) claimed.add(status.endpoint);
    return { member, status };
  });
  for (const status of cluster.endpoints)
    if (!claimed.has(status.endpoint)) rows.push({ member: null, status });
  return rows;
}

/** Every member: name, ID, client URLs, leader or follower, version, raft term, size, health. */
export function ClusterPanel() {
  const t = useTranslations('cluster');
  const words = useInWords();
  const { data, error } = useCluster();
  const rows = data ? rowsOf(data) : [];
  return (
    <section className="panel" aria-labelledby="cluster-heading">
      <div className="panel-head">
        <h2 id="cluster-heading">{t('heading')}</h2>
        <p className="muted small">
          {data?.leaderName
            ? t('leaderNamed', { name: data.leaderName, term: data.raftTerm ?? '-' })
            : data?.leaderId
              ? t('leaderId', { id: data.leaderId })
              : t('noLeader')}
        </p>
      </div>
      {error && <ProblemLine problem={fetchProblem(error)} />}
      {data && rows.length === 0 && <p className="muted">{t('noAnswer')}</p>}
      {rows.length > 0 && (
        <div
          className="table-scroll"
          role="region"
          tabIndex={0}
          aria-label={t('membersScrollable')}
        >
          <table className="cluster" aria-label={t('members')}>
            <thead>
              <tr>
                <th scope="col">{t('columns.member')}</th>
                <th scope="col">{t('columns.id')}</th>
                <th scope="col">{t('columns.clientUrls')}</th>
                <th scope="col">{t('columns.role')}</th>
                <th scope="col">{t('columns.version')}</th>
                <th scope="col">{t('columns.raftTerm')}</th>
                <th scope="col">{t('columns.dbSize')}</th>
                <th scope="col">{t('columns.health')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ member, status }) => (
                <tr
                  key={member?.id ?? status?.endpoint}
                  aria-label={
                    member
                      ? t('memberRow', { name: member.name })
                      : t('endpointRow', { endpoint: String(status?.endpoint) })
                  }
                >
                  <td>{member?.name || <span className="muted">{t('unknown')}</span>}</td>
                  <td>
                    <code>{member?.id ?? (status?.ok ? status.memberId : '-')}</code>
                  </td>
                  <td>
                    {(member?.clientURLs ?? [status?.endpoint]).map((u) => (
                      <code key={u} className="block">
                        {u}
                      </code>
                    ))}
                  </td>
                  <td>{t(`roles.${role(member, status, data?.leaderId ?? null)}`)}</td>
                  <td>{status?.ok ? status.version : '-'}</td>
                  <td className="num">{status?.ok ? status.raftTerm : '-'}</td>
                  <td className="num">{bytes(status?.ok ? status.dbSize : null)}</td>
                  <td>
                    {!status ? (
                      <span className="muted">{t('notConfigured')}</span>
                    ) : status.ok ? (
                      <span className="health-ok">{t('answering', { ms: status.latencyMs })}</span>
                    ) : (
                      <span className="health-down">
                        {t('notAnswering', { error: words(status.error) })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function role(
  member: ClusterMember | null,
  status: EndpointStatus | null,
  leaderId: string | null,
): 'none' | 'leader' | 'learner' | 'follower' {
  if (!status?.ok) return 'none';
  const id = member?.id ?? status.memberId;
  if (id === leaderId) return 'leader';
  return member?.isLearner ? 'learner' : 'follower';
}
