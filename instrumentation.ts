// Start sampling (or, with replicas, campaigning to lead) when the server starts, not on the first request, so the first viewer already sees
// history and an expiry is never missed for want of a visitor. A bad setting is reported here, at
// start-up, naming the variable; the page explains it too.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getConfig } = await import('@/lib/dashboard/registry');
    try {
      getConfig();
    } catch (err) {
      console.error(`lease dashboard: ${err instanceof Error ? err.message : String(err)}`);
    }
    // Alone: start sampling and resume the keep-alives noted in etcd. With replicas: campaign.
    const { startDashboard } = await import('@/lib/server');
    startDashboard();
  }
}
