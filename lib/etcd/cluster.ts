import 'server-only';
import { endpoints, getEndpointClient, getEtcd } from '@/lib/etcd/client';
import { toDashboardError } from '@/lib/etcd/errors';
import { asIs } from '@/lib/shared/errors';
import type { ClusterMember, EndpointStatus } from '@/lib/shared/contract-cluster';
import { countRequest } from '@/lib/etcd/request-counts';

// The cluster as etcdctl's `member list` and `endpoint status` show it. Member IDs are uint64s,
// which etcdctl prints in hex without padding (unlike lease IDs), so they match when copied.

const memberHex = (id: string) => BigInt(id).toString(16);
const hex = (id: string | undefined) => (id && id !== '0' ? memberHex(id) : null);

/** `etcdctl member list`. */
export async function listMembers(): Promise<ClusterMember[]> {
  try {
    const res = await getEtcd().cluster.memberList({});
    countRequest('MemberList', 'ok');
    return res.members.map((m) => ({
      id: memberHex(m.ID),
      name: m.name,
      clientURLs: m.clientURLs,
      peerURLs: m.peerURLs,
      isLearner: m.isLearner,
    }));
  } catch (err) {
    countRequest('MemberList', 'error');
    throw toDashboardError(err, { endpoints: endpoints() });
  }
}

/** `etcdctl endpoint status` for one endpoint; never throws (a failure is part of the answer). */
export async function endpointStatus(endpoint: string): Promise<EndpointStatus> {
  const started = Date.now();
  try {
    const res = await getEndpointClient(endpoint).maintenance.status();
    countRequest('Status', 'ok');
    return {
      endpoint,
      ok: true,
      memberId: memberHex(res.header.member_id),
      leaderId: hex(res.leader),
      version: res.version,
      raftTerm: Number(res.raftTerm),
      raftIndex: Number(res.raftIndex),
      dbSize: Number(res.dbSize),
      dbSizeInUse: Number(res.dbSizeInUse),
      latencyMs: Date.now() - started,
      checkedAt: Date.now(),
    };
  } catch (err) {
    countRequest('Status', 'error');
    const { problem } = toDashboardError(err, { endpoints: [endpoint] });
    // "etcd is not answering at X (reason)" says X twice beside the endpoint: keep the reason.
    const reason = /\(([^)]*)\)$/.exec(problem.text)?.[1];
    return {
      endpoint,
      ok: false,
      error: reason === undefined ? problem : { code: problem.code, ...asIs(reason) },
      checkedAt: Date.now(),
    };
  }
}
