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
  return { sampler, changes, keepAlive: new KeepAliveManager(sampler, sampler.events, changes) };
}

/** A sampler with the lock and election reader beside it, wired as lib/server.ts wires them. */
export async function samplerWithContention(options: { watchPrefixes?: string[] } = {}) {
  const { LeaseSampler } = await import('@/lib/sampler/lease-sampler');
  const { Contention } = await import('@/lib/sampler/contention');
  const { EventLog } = await import('@/lib/events/event-log');
  const parts: { sampler?: InstanceType<typeof LeaseSampler> } = {};
  const contention = new Contention((id) => parts.sampler?.lease(id) ?? null);
  const sampler = new LeaseSampler(new EventLog(), { ...options, keyListener: contention });
  parts.sampler = sampler;
  return { sampler, contention };
}
