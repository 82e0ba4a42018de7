import type { NextRequest } from 'next/server';
import { replicaState, type ReplicaState } from '@/lib/replicas/replica-state';
import { clusterOfPath } from '@/lib/shared/cluster-path';
import { say } from '@/lib/shared/english';
import type { ErrorBody, Said } from '@/lib/shared/contract-problem';

// A follower passes every request to the leader and streams its answer back, so there is one
// sampler, one set of keep-alives and limits whichever replica a load balancer picks. During a
// failover a request waits (FAILOVER_WAIT_MS) for the next leader and is tried there once more.

/** Set on a passed request, naming the replica that passed it: the leader answers it itself. */
export const PASSED_BY = 'x-lease-dashboard-passed-by';
/** The passing replica's signature over the request (ReplicaAuth.pass). */
export const PASS_SIGNATURE = 'x-lease-dashboard-pass-signature';
/** Set on every answer a replica passed on, naming the leader that answered it. */
export const ANSWERED_BY = 'x-lease-dashboard-answered-by';
/** Set on a replica's answer that it does not lead: the passing replica tries the next leader. */
export const NOT_LEADING = 'x-lease-dashboard-not-leading';
/** How long a request waits for a leader to be elected. */
const FAILOVER_WAIT_MS = 5000;
/**
 * How long a passed request waits for the leader to start answering, unless the leader changes
 * first (a frozen leader is replaced within its session's TTL, and the request goes on there).
 */
const ANSWER_WAIT_MS = 15_000;
/** Each replica answers these itself: its own view of who leads. */
const OWN_PATHS = new Set(['/api/replica', '/metrics']);
/** Headers that belong to one connection, not to the request or the answer. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host'];

/** The leader's answer to this request, or null when this replica answers it itself. */
export async function passToLeader(request: NextRequest): Promise<Response | null> {
  const replica = replicaState();
  const { pathname } = request.nextUrl;
  if (!replica || OWN_PATHS.has(clusterOfPath(pathname)?.rest ?? pathname)) return null;
  const path = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const passer = request.headers.get(PASSED_BY);
  // Passed by a replica that took this one for the leader: answered here only while it leads, and
  // never passed on again, so two replicas that disagree for a moment cannot pass it back and
  // forth. The header counts only with a replica's signature: anyone else's gets no answer.
  if (passer !== null) {
    const signed = replica.auth.passedBy(
      passer,
      request.method,
      path,
      request.headers.get(PASS_SIGNATURE) ?? '',
    );
    return signed && replica.role === 'leader' ? null : notLeading(path);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const body = hasBody ? await request.arrayBuffer() : undefined;
  let unlike: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const known = () =>
      replica.role === 'leader' ||
      (replica.leader !== null && replica.leader !== replica.self && replica.leader !== unlike);
    if (!known()) await replica.settled(FAILOVER_WAIT_MS, unlike);
    if (replica.role === 'leader') return null;
    const leader = replica.leader;
    if (!known() || leader === null) break;
    const passed = await pass(request, body, leader, replica, path).catch((err: unknown) => err);
    if (passed instanceof Response) return passed;
    if (request.signal.aborted) break;
    // A change the leader may have begun is not sent again: it could then be made twice.
    if (hasBody && passed instanceof Sent) return changeInDoubt(path);
    unlike = leader; // it did not answer, or stopped leading: wait for the next leader
  }
  return notLeading(path);
}

/** The leader was given the request, then stopped answering or leading before it answered. */
class Sent extends Error {}

async function pass(
  request: NextRequest,
  body: ArrayBuffer | undefined,
  leader: string,
  replica: ReplicaState,
  path: string,
): Promise<Response> {
  const headers = new Headers(request.headers);
  HOP_BY_HOP.forEach((h) => headers.delete(h));
  headers.set(PASSED_BY, replica.self);
  headers.set(PASS_SIGNATURE, replica.auth.pass(replica.self, request.method, path));
  // The leader checks the Host (and a server action's Origin) as this replica was asked.
  headers.set('x-forwarded-host', request.headers.get('host') ?? new URL(replica.self).host);
  // Passed on as it comes: fetch would otherwise unpack a compressed answer and keep its header.
  headers.set('accept-encoding', 'identity');
  // Given up when the leader changes (its answer, a live stream too, then comes from the next
  // one), and when it has not started answering in time.
  const moved = new AbortController();
  const stopWatching = replica.onChange(() => {
    if (replica.role === 'leader' || replica.leader !== leader)
      moved.abort(new Error(`${leader} no longer leads`));
  });
  const deadline = setTimeout(
    () => moved.abort(new Error(`${leader} did not answer`)),
    ANSWER_WAIT_MS,
  );
  let upstream: Response;
  try {
    // Joined to the leader's origin, never resolved against it: a path like //host stays a path.
    upstream = await fetch(`${new URL(leader).origin}${path}`, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.any([request.signal, moved.signal]),
    });
  } catch (err) {
    stopWatching();
    // Aborted by a change of leader or the deadline: the request had reached the leader.
    throw moved.signal.aborted ? new Sent(String(moved.signal.reason)) : err;
  } finally {
    clearTimeout(deadline);
  }
  if (upstream.status === 503 && upstream.headers.has(NOT_LEADING)) {
    stopWatching();
    await upstream.body?.cancel().catch(() => undefined);
    throw new Error(`${leader} does not lead`);
  }
  if (!upstream.body) stopWatching();
  const answer = new Headers(upstream.headers);
  HOP_BY_HOP.forEach((h) => answer.delete(h));
  // Next.js's own instructions from the leader's proxy: returned by this replica's proxy they
  // would be obeyed here (a rewrite would send the request on again as another).
  for (const name of [...answer.keys()]) if (name.startsWith('x-middleware-')) answer.delete(name);
  answer.set(ANSWERED_BY, leader);
  return new Response(upstream.body ? untilEnded(upstream.body, stopWatching) : null, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: answer,
  });
}

/** The body as it streams, calling `ended` once it ends, fails or is cancelled. */
function untilEnded(
  body: ReadableStream<Uint8Array>,
  ended: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          ended();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        ended();
        controller.error(err);
      }
    },
    cancel(reason) {
      ended();
      return reader.cancel(reason);
    },
  });
}

/**
 * No replica leads that this one can reach (etcd does not answer the election, or a failover is
 * still under way): said plainly, rather than answered from parts only a leader runs. The
 * replicas' addresses are not named: a reader who may not read the dashboard sees this too.
 */
function notLeading(path: string): Response {
  return unavailable(path, say('errors.noLeaderReachable'), { [NOT_LEADING]: '1' });
}

function changeInDoubt(path: string): Response {
  return unavailable(path, say('errors.changeInDoubt'));
}

function unavailable(path: string, said: Said, extra: Record<string, string> = {}): Response {
  const headers = { ...extra, 'Retry-After': '2', 'Cache-Control': 'no-store' };
  const body: ErrorBody = { code: 'not_leader', ...said };
  if (path.startsWith('/api/')) return Response.json(body, { status: 503, headers });
  return new Response(`${said.text}\n`, {
    status: 503,
    headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
