// The server's parts as the dashboard builds them (lib/server.ts buildParts), for tests that point
// the dashboard at an etcd of their own: imported only once ETCD_ENDPOINTS is set, since the
// configuration is read when first used. Nothing is started: each test starts what it watches.
async function parts() {
  const { buildParts } = await import('@/lib/server');
  const { getConfig } = await import('@/lib/dashboard/registry');
  return buildParts(getConfig());
}

export async function samplerWithKeepAlive() {
  const { sampler, changes, keepAlive, cluster, findings } = await parts();
  return { sampler, changes, keepAlive, cluster, findings };
}

/** A sampler with the lock and election reader beside it, wired as the dashboard wires them. */
export async function samplerWithContention() {
  const { sampler, contention } = await parts();
  return { sampler, contention };
}

/** The audit trail of parts built from `config`, having read what etcd holds (as at start-up). */
export async function auditTrail(config: import('@/lib/config/env').DashboardConfig) {
  const { buildParts } = await import('@/lib/server');
  const { audit } = buildParts(config);
  await audit.page({ user: null, lease: null, action: null, result: null, before: null, limit: 1 });
  return audit;
}
