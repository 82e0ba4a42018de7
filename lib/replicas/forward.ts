import type { NextRequest } from 'next/server';
import { replicaState } from '@/lib/replicas/replica-state';

// A replica that does not lead answers every page, route, action and live stream by passing the
// request to the leader and its answer back, as it streams: one sampler, one set of keep-alives,
// one set of limits, whichever replica a load balancer picks. During a failover a request waits
// (up to FAILOVER_WAIT_MS) for the next leader, and is tried there once more.

/** Set on a passed request, naming the replica that passed it: the leader answers it itself. */
export const PASSED_BY = 'x-lease-dashboard-passed-by';
/** Set on every answer a replica passed on, naming the leader that answered it. */
export const ANSWERED_BY = 'x-lease-dashboard-answered-by';
/** How long a request waits for a leader to be elected. */
const FAILOVER_WAIT_MS = 5000;
/** Each replica answers these itself: its own view of who leads. */
const OWN_PATHS = new Set(['/api/replica', '/metrics']);
/** Headers that belong to one connection, not to the request or the answer. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host'];

/** The leader's answer to this request, or null when this replica answers it itself. */
export async function passToLeader(request: NextRequest): Promise<Response | null> {
  const replica = replicaState();
  if (!replica || request.headers.has(PASSED_BY) || OWN_PATHS.has(request.nextUrl.pathname))
    return null;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const body = hasBody ? await request.arrayBuffer() : undefined;
  let unlike: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const known = () =>
      replica.role === 'leader' ||
      (replica.leader !== null && replica.leader !== replica.self && replica.leader !== unlike);
    if (!known()) await replica.settled(FAILOVER_WAIT_MS, unlike);
    const leader = replica.leader;
    // Leading, or no leader after the wait (etcd unreachable): answer here, with what it knows.
    if (replica.role === 'leader' || !known() || leader === null) return null;
    try {
      return await pass(request, body, leader, replica.self);
    } catch {
      unlike = leader; // it did not answer: wait for the next leader
    }
  }
  return null;
}

async function pass(
  request: NextRequest,
  body: ArrayBuffer | undefined,
  leader: string,
  self: string,
): Promise<Response> {
  const headers = new Headers(request.headers);
  HOP_BY_HOP.forEach((h) => headers.delete(h));
  headers.set(PASSED_BY, self);
  // The leader checks the Host (and a server action's Origin) as this replica was asked.
  headers.set('x-forwarded-host', request.headers.get('host') ?? new URL(self).host);
  // Passed on as it comes: fetch would otherwise unpack a compressed answer and keep its header.
  headers.set('accept-encoding', 'identity');
  const url = new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, leader);
  const upstream = await fetch(url, {
    method: request.method,
    headers,
    body,
    redirect: 'manual',
    signal: request.signal,
  });
  const answer = new Headers(upstream.headers);
  HOP_BY_HOP.forEach((h) => answer.delete(h));
  answer.set(ANSWERED_BY, leader);
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: answer,
  });
}
