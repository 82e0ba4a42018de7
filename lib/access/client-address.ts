// Which client a request comes from, for the allowances counted per client (sign-in attempts,
// grants). Proxies that append to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for) keep what
// the client wrote on the left: only the entries the trusted proxies added, counted from the
// right, can be believed.

/** The client key when clients cannot be told apart (no trusted proxy). */
export const SHARED_CLIENT = 'every client';

/** The client key for requests that did not come through every trusted proxy. */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The client as the outermost of `trustedProxies` proxies saw it: the entry it appended, that many
 * from the right of X-Forwarded-For. With no trusted proxy every client is one.
 */
export function clientOf(forwardedFor: string | null | undefined, trustedProxies: number): string {
  if (trustedProxies < 1) return SHARED_CLIENT;
  const entries = (forwardedFor ?? '').split(',').map((e) => e.trim());
  // Fewer entries than proxies: the request went around one of them, so every entry may be the
  // client's own. Such requests share one allowance rather than take one per invented address.
  if (entries.length < trustedProxies) return UNKNOWN_CLIENT;
  return entries[entries.length - trustedProxies] || UNKNOWN_CLIENT;
}
