'use client';

import { useCluster } from '@/components/cluster/use-cluster';
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
  const { data, error } = useCluster();
  const rows = data ? rowsOf(data) : [];
  return (
    <section className="panel" aria-labelledby="cluster-heading">
      <div className="panel-head">
        <h2 id="cluster-heading">Cluster</h2>
        <p className="muted small">
          {data?.leaderName
            ? `leader: ${data.leaderName}, raft term ${data.raftTerm ?? '-'}`
            : data?.leaderId
              ? `leader: ${data.leaderId}`
              : 'no leader known'}
        </p>
      </div>
      {error && <p className="error">{error.message}</p>}
      {data && rows.length === 0 && <p className="muted">No answer from any endpoint yet.</p>}
      {rows.length > 0 && (
        <div className="table-scroll" role="region" tabIndex={0} aria-label="Members, scrollable">
          <table className="cluster" aria-label="Members">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">ID</th>
                <th scope="col">Client URLs</th>
                <th scope="col">Role</th>
                <th scope="col">Version</th>
                <th scope="col">Raft term</th>
                <th scope="col">DB size</th>
                <th scope="col">Health</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ member, status }) => (
                <tr
                  key={member?.id ?? status?.endpoint}
                  aria-label={member ? `Member ${member.name}` : `Endpoint ${status?.endpoint}`}
                >
                  <td>{member?.name || <span className="muted">unknown</span>}</td>
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
                  <td>{role(member, status, data?.leaderId ?? null)}</td>
                  <td>{status?.ok ? status.version : '-'}</td>
                  <td className="num">{status?.ok ? status.raftTerm : '-'}</td>
                  <td className="num">{bytes(status?.ok ? status.dbSize : null)}</td>
                  <td>
                    {!status ? (
                      <span className="muted">not among ETCD_ENDPOINTS</span>
                    ) : status.ok ? (
                      <span className="health-ok">answering ({status.latencyMs} ms)</span>
                    ) : (
                      <span className="health-down">not answering: {status.error}</span>
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
): string {
  if (!status?.ok) return '-';
  const id = member?.id ?? status.memberId;
  if (id === leaderId) return 'leader';
  return member?.isLearner ? 'learner' : 'follower';
}
