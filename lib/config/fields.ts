import 'server-only';
import { z } from 'zod';
import { DashboardError, asIs } from '@/lib/shared/errors';

// The environment's variables one at a time: each field's zod schema, with a message that names
// the variable. ./env.ts puts them together and checks the pairs.

export const DEFAULT_ENDPOINTS = 'http://127.0.0.1:2379';
export const MIN_TOKEN_LENGTH = 16;

export class ConfigError extends DashboardError {
  override name = 'ConfigError';
  /** in the operator's words (English): the variables' names are the same in every language */
  constructor(message: string) {
    super('config_invalid', asIs(message));
  }
}

export const unset = (value: string | undefined): value is undefined | '' =>
  value === undefined || value === '';

/** An optional variable: unset and empty are the same. */
export const optional = z.string().optional();

/** An http(s) URL of a server: a host, no path, and no user name or password (they would be shown). */
export const isClientUrl = (s: string) => {
  try {
    const url = new URL(s);
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    const bare = url.username === '' && url.password === '';
    return web && bare && url.hostname !== '' && url.pathname === '/';
  } catch {
    return false;
  }
};

/**
 * ETCD_ENDPOINTS as it may be shown, parsed or not: each URL without what precedes its last @ (a
 * user name and password, which may themselves hold commas or @).
 */
export const endpointsWithoutCredentials = (value: string): string[] =>
  value
    .split(/,(?=\s*[a-z][a-z0-9+.-]*:\/\/)/i)
    .map((url) => {
      const at = url.lastIndexOf('@');
      if (at < 0) return url;
      const scheme = /^\s*[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
      return `${scheme}${url.slice(at + 1)}`;
    })
    .flatMap((url) => url.split(','))
    .map((s) => s.trim());

export const endpoints = optional.transform((raw, ctx) => {
  const value = raw === undefined || raw.trim() === '' ? DEFAULT_ENDPOINTS : raw;
  // Checked first, since the other messages quote the value. Credentials in a URL would reach every
  // place that shows the endpoints: /api/health, the page and the log.
  if (value.includes('@')) {
    const shown = endpointsWithoutCredentials(value).join(', ');
    const message = `ETCD_ENDPOINTS must not hold a user name or password: set them in ETCD_USERNAME and ETCD_PASSWORD, and list the endpoints without them (${shown})`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) {
    const message = `ETCD_ENDPOINTS has an empty entry in "${value}": separate URLs with single commas`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  const bad = parts.find((p) => !isClientUrl(p));
  if (bad !== undefined) {
    const message = `ETCD_ENDPOINTS: "${bad}" is not an etcd client URL like http://127.0.0.1:2379`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  return parts.map((p) => p.replace(/\/$/, ''));
});

export const flag = (variable: string) =>
  optional.transform((raw, ctx) => {
    const value = raw?.trim().toLowerCase();
    if (value === undefined || value === '' || value === 'false' || value === '0') return false;
    if (value === 'true' || value === '1') return true;
    ctx.addIssue({ code: 'custom', message: `${variable} must be true or false, not "${raw}"` });
    return z.NEVER;
  });

/** A whole number in a range; `fallback` when unset. */
export const wholeNumber = <F extends number | null>(
  variable: string,
  min: number,
  max: number,
  fallback: F,
) =>
  optional.transform((raw, ctx): number | F => {
    const text = raw?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    const message = `${variable} must be a whole number from ${min} to ${max}, not "${text}"`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });

/** The most proxies DASHBOARD_TRUST_PROXY may name: more is a typo, not a deployment. */
export const MAX_TRUSTED_PROXIES = 10;

/**
 * DASHBOARD_TRUST_PROXY: how many proxies in front of the dashboard append to X-Forwarded-For.
 * true is one (the usual reverse proxy), false or unset none.
 */
export const trustedProxies = optional.transform((raw, ctx): number => {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'false') return 0;
  if (value === 'true') return 1;
  if (/^\d+$/.test(value) && Number(value) <= MAX_TRUSTED_PROXIES) return Number(value);
  const message = `DASHBOARD_TRUST_PROXY must be true (one proxy in front of the dashboard), the number of proxies from 0 to ${MAX_TRUSTED_PROXIES}, or false, not "${raw}"`;
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
});

export const keyPrefix = optional
  .refine(
    (p) => unset(p) || (!/[\u0000-\u001f\u007f]/.test(p) && p.trim() !== ''),
    'DASHBOARD_KEY_PREFIX must be printable text, like /demo/',
  )
  // Refused, not quietly completed: with /demo, the dashboard would also write /demo-prod/x, and
  // the scenarios' keys would land in /demoscenarios/. Only the operator knows which was meant.
  .superRefine((p, ctx) => {
    if (unset(p) || p.endsWith('/')) return;
    const message = `DASHBOARD_KEY_PREFIX must end with / (like ${p}/): "${p}" would also let the dashboard write ${p}-prod/... and anything else that starts with it`;
    ctx.addIssue({ code: 'custom', message });
  });

/** DASHBOARD_OWN_PREFIX: like a key prefix, printable and ending with a slash. */
export const ownPrefix = optional.refine(
  (p) => unset(p) || (!/[\u0000-\u001f\u007f]/.test(p) && p.startsWith('/') && p.endsWith('/')),
  'DASHBOARD_OWN_PREFIX must be printable text that starts and ends with /, like /lease-dashboard/',
);

/** DASHBOARD_REPLICA_SECRET: signs what replicas tell each other, so it is held to a token's length. */
export const replicaSecret = optional.refine(
  (t) => unset(t) || t.length >= MIN_TOKEN_LENGTH,
  `DASHBOARD_REPLICA_SECRET is too short to protect anything: use at least ${MIN_TOKEN_LENGTH} characters (openssl rand -hex 24 makes one)`,
);

export const token = optional.refine(
  (t) => unset(t) || t.length >= MIN_TOKEN_LENGTH,
  `DASHBOARD_TOKEN is too short to protect anything: use at least ${MIN_TOKEN_LENGTH} characters (openssl rand -hex 24 makes one)`,
);

/**
 * DASHBOARD_WATCH_PREFIXES: the key prefixes the watch covers, separated by commas; unset for every
 * key. A prefix inside another is dropped (its keys would be heard twice).
 */
export const watchPrefixes = optional.transform((raw, ctx): string[] | null => {
  if (unset(raw) || raw.trim() === '') return null;
  const parts = raw.split(',').map((p) => p.trim());
  const bad = parts.find((p) => p === '' || /[\u0000-\u001f\u007f]/.test(p));
  if (bad !== undefined) {
    const message = `DASHBOARD_WATCH_PREFIXES must be key prefixes separated by single commas, like /services/,/locks/ (got "${raw}")`;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  const unique = [...new Set(parts)];
  return unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(q)));
});
