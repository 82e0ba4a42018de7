// Which names the dashboard answers to: answering only those stops DNS rebinding, where another
// site points a name it controls at a loopback dashboard and same-origin checks pass.

type Env = Record<string, string | undefined>;

/** The hostname of a Host header value (lowercase, without the port); null if it is not one. */
export function hostnameOf(host: string | null): string | null {
  if (!host) return null;
  try {
    const { hostname, username, pathname, search } = new URL(`http://${host}`);
    if (username || pathname !== '/' || search) return null;
    return hostname.toLowerCase();
  } catch {
    return null;
  }
}

const isLoopback = (hostname: string) =>
  hostname === 'localhost' ||
  hostname.endsWith('.localhost') ||
  hostname === '[::1]' ||
  /^127(\.\d{1,3}){3}$/.test(hostname);

/** The names configured besides loopback: HOST, DASHBOARD_URL's host, DASHBOARD_ALLOWED_HOSTS. */
export function configuredHosts(env: Env): string[] {
  const names: string[] = [];
  const host = env.HOST?.trim();
  // HOST=0.0.0.0 (or ::) means every interface, which names no host.
  if (host && host !== '0.0.0.0' && host !== '::') names.push(hostnameOf(host) ?? host);
  if (env.DASHBOARD_URL?.trim()) {
    try {
      names.push(new URL(env.DASHBOARD_URL.trim()).hostname.toLowerCase());
    } catch {
      // reported at start-up by the configuration (lib/config/env.ts)
    }
  }
  for (const entry of (env.DASHBOARD_ALLOWED_HOSTS ?? '').split(',')) {
    const name = hostnameOf(entry.trim());
    if (name) names.push(name);
  }
  return names;
}

/** Whether a request's Host header names this dashboard. */
export function isAllowedHost(host: string | null, env: Env): boolean {
  const hostname = hostnameOf(host);
  if (!hostname) return false;
  return isLoopback(hostname) || configuredHosts(env).includes(hostname);
}
