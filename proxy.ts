import { NextResponse, type NextRequest } from 'next/server';
import { isAllowedHost } from '@/lib/shared/hosts';
import { malformedAction } from '@/lib/access/action-bodies';
import { passToLeader } from '@/lib/replicas/forward';
import { clusterOfPath } from '@/lib/shared/cluster-path';
import { CLUSTER_HEADER, clusterHeaderValue } from '@/lib/dashboard/cluster-header';

// Runs before every page, route handler and server action: refuses a foreign Host (DNS rebinding)
// and an action body React would not send (Next.js would answer it with a 500), passes a follower's
// requests to the leader, and serves /c/<name>/x as /x for cluster <name> (a cluster header counts
// only when this proxy set it).
export async function proxy(request: NextRequest): Promise<Response> {
  const host = request.headers.get('host');
  if (!isAllowedHost(host, process.env))
    return refuse(
      421,
      `This dashboard is not served as ${host ?? '(no Host header)'}. If it should be, add the name to DASHBOARD_ALLOWED_HOSTS.`,
    );
  if (request.method === 'POST' && request.headers.has('next-action')) {
    const problem = await malformedAction(request);
    if (problem) return refuse(problem.status, problem.message);
  }
  return (await passToLeader(request)) ?? toCluster(request);
}

/** Names the cluster /c/<name>/… is for (app/c/[cluster]/ serves the same pages and routes). */
function toCluster(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  headers.delete(CLUSTER_HEADER);
  const routed = clusterOfPath(request.nextUrl.pathname);
  if (routed) headers.set(CLUSTER_HEADER, clusterHeaderValue(routed.name));
  return NextResponse.next({ request: { headers } });
}

function refuse(status: number, message: string): NextResponse {
  return new NextResponse(`${message}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

export const config = {
  // Everything but the build's static files, which hold nothing a page on another site could use.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
