// The server's parts as the composition root (lib/server.ts) wires them, for tests that point the
// dashboard at an etcd of their own: imported only once ETCD_ENDPOINTS is set, since the modules
// read the configuration when first used.
export async function samplerWithKeepAlive() {
  const { LeaseSampler } = await import('@/lib/sampler/lease-sampler');
  const { KeepAliveManager } = await import('@/lib/keep-alive/keep-alive-manager');
  const { EtcdChanges } = await import('@/lib/mutations/etcd-changes');
  const { KeepAliveStream } = await import('@/lib/etcd/keep-alive');
  const sampler = new LeaseSampler();
  const changes = new EtcdChanges(sampler, new KeepAliveStream());
  return { sampler, keepAlive: new KeepAliveManager(sampler, sampler.events, changes) };
}
