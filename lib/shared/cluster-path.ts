// Where each cluster lives in the URL: /c/<name>/… for every cluster (app/c/[cluster]/ serves the
// usual pages there), and today's URLs for the first. The request proxy names the cluster in a
// header (lib/dashboard/cluster-header.ts); the browser's links and requests keep the /c/<name>.

const CLUSTER_PATH = /^\/c\/([a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?)(\/.*)?$/;

/** The cluster a path names, and the path inside it; null for today's URLs. */
export function clusterOfPath(pathname: string): { name: string; rest: string } | null {
  const m = CLUSTER_PATH.exec(pathname);
  if (!m?.[1]) return null;
  return { name: m[1], rest: m[2] ?? '/' };
}

/** The base every link and request of a page under `pathname` starts with: /c/<name>, or none. */
export function clusterBase(pathname: string | null): string {
  const routed = pathname ? clusterOfPath(pathname) : null;
  return routed ? `/c/${routed.name}` : '';
}

/** `path` (starting with /) inside the cluster a page under `pathname` shows. */
export function inCluster(pathname: string | null, path: string): string {
  const base = clusterBase(pathname);
  return base && path === '/' ? base : `${base}${path}`;
}
