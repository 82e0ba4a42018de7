// Start sampling when the server starts, not on the first request, so the first viewer already sees
// history and an expiry is never missed for want of a visitor.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getMonitor } = await import('./lib/monitor');
    getMonitor();
  }
}
