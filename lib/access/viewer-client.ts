import 'server-only';
import { requestContext } from '@/lib/access/guard';

/**
 * Which client a request for leases comes from, as the grant limit tells clients apart: what it
 * shows is bounded per client (lib/sampler/viewers.ts). requestContext() throws on a configuration
 * error, where the page and routes must still answer (and explain it): then there is no etcd to
 * spare, and every request counts as one client.
 */
export async function viewerClient(): Promise<string> {
  return (await requestContext().catch(() => null))?.client ?? 'unconfigured';
}
