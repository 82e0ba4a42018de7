import 'server-only';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DashboardError } from '@/lib/shared/errors';

// Configuration is read from the environment once, checked, and explained when wrong.

export const DEFAULT_ENDPOINTS = 'http://127.0.0.1:2379';

const endpointSchema = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const url = new URL(s);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.hostname !== '' &&
        url.pathname === '/'
      );
    } catch {
      return false;
    }
  }, 'is not an etcd client URL like http://127.0.0.1:2379');

export type DashboardConfig = {
  endpoints: string[];
  /** etcd's user authentication (ETCD_USERNAME / ETCD_PASSWORD); never sent to the browser */
  auth: { username: string; password: string } | null;
  /** TLS material read from ETCD_CA_FILE, ETCD_CERT_FILE, ETCD_KEY_FILE */
  tls: { ca: Buffer | null; cert: Buffer | null; key: Buffer | null } | null;
  /** what the dashboard may do, and who may do it */
  access: AccessConfig;
  /** DASHBOARD_MAX_READS_PER_SECOND: cap on the sampler's TimeToLive requests; null: none */
  maxReadsPerSecond: number | null;
};

export type AccessConfig = {
  /** DASHBOARD_READ_ONLY: refuse every change to etcd */
  readOnly: boolean;
  /** DASHBOARD_KEY_PREFIX: keys may only be written (and leases revoked or kept alive) under it */
  keyPrefix: string | null;
  /** DASHBOARD_TOKEN: changes need a session signed in with it; never sent to the browser */
  token: string | null;
  /** DASHBOARD_PROTECT_READS: reads need the session too */
  protectReads: boolean;
  /** DASHBOARD_GRANTS_PER_MINUTE: leases one client may grant in any minute */
  grantsPerMinute: number;
  /** DASHBOARD_TRUST_PROXY: X-Forwarded-For names the client (set only behind a proxy that sets it) */
  trustProxy: boolean;
};

export const MIN_TOKEN_LENGTH = 16;
export const DEFAULT_GRANTS_PER_MINUTE = 60;

type Env = Record<string, string | undefined>;

export class ConfigError extends DashboardError {
  override name = 'ConfigError';
  constructor(message: string) {
    super('config_invalid', message);
  }
}

export function parseEndpoints(raw: string | undefined): string[] {
  const value = raw === undefined || raw.trim() === '' ? DEFAULT_ENDPOINTS : raw;
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) {
    throw new ConfigError(
      `ETCD_ENDPOINTS has an empty entry in "${value}": separate URLs with single commas`,
    );
  }
  return parts.map((part) => {
    const result = endpointSchema.safeParse(part);
    if (!result.success) {
      throw new ConfigError(
        `ETCD_ENDPOINTS: "${part}" ${result.error.issues[0]?.message ?? 'is not valid'}`,
      );
    }
    return part.replace(/\/$/, '');
  });
}

const present = (value: string | undefined) => value !== undefined && value !== '';

/** ETCD_USERNAME and ETCD_PASSWORD: both or neither. */
export function parseAuth(env: Env): DashboardConfig['auth'] {
  const username = env.ETCD_USERNAME;
  const password = env.ETCD_PASSWORD;
  if (!present(username) && !present(password)) return null;
  if (!present(username))
    throw new ConfigError('ETCD_PASSWORD is set but ETCD_USERNAME is not: set both, or neither');
  if (!present(password))
    throw new ConfigError(
      `ETCD_USERNAME is set (${username}) but ETCD_PASSWORD is not: set both, or neither`,
    );
  if (username?.trim() !== username)
    throw new ConfigError('ETCD_USERNAME has spaces at its start or end');
  return { username: username as string, password: password as string };
}

/** ETCD_CA_FILE, ETCD_CERT_FILE and ETCD_KEY_FILE, read once; https endpoints only. */
export function parseTls(
  env: Env,
  endpoints: string[],
  read: (file: string) => Buffer = (file) => readFileSync(file),
): DashboardConfig['tls'] {
  const load = (variable: 'ETCD_CA_FILE' | 'ETCD_CERT_FILE' | 'ETCD_KEY_FILE') => {
    const file = env[variable];
    if (!present(file)) return null;
    try {
      const data = read(file as string);
      if (!data.toString('utf8').includes('-----BEGIN '))
        throw new Error('it is not a PEM file (no -----BEGIN line)');
      return data;
    } catch (err) {
      const reason =
        err instanceof Error && 'code' in err && err.code === 'ENOENT'
          ? 'no such file'
          : err instanceof Error
            ? err.message.replace(/^[A-Z]+: /, '')
            : String(err);
      throw new ConfigError(`${variable}: cannot use ${file}: ${reason}`);
    }
  };
  const ca = load('ETCD_CA_FILE');
  const cert = load('ETCD_CERT_FILE');
  const key = load('ETCD_KEY_FILE');
  if (!ca && !cert && !key) return null;
  if (!!cert !== !!key)
    throw new ConfigError(
      `${cert ? 'ETCD_CERT_FILE' : 'ETCD_KEY_FILE'} is set but ${cert ? 'ETCD_KEY_FILE' : 'ETCD_CERT_FILE'} is not: a client certificate needs its key`,
    );
  const plain = endpoints.filter((e) => e.startsWith('http://'));
  if (plain.length > 0)
    throw new ConfigError(
      `ETCD_ENDPOINTS: ${plain.join(', ')} use http:// but TLS files are set; use https:// URLs`,
    );
  return { ca, cert, key };
}

function parseFlag(env: Env, variable: string): boolean {
  const value = env[variable]?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new ConfigError(`${variable} must be true or false, not "${env[variable]}"`);
}

/** DASHBOARD_READ_ONLY, DASHBOARD_KEY_PREFIX, DASHBOARD_TOKEN, DASHBOARD_PROTECT_READS, limits. */
export function parseAccess(env: Env): AccessConfig {
  const readOnly = parseFlag(env, 'DASHBOARD_READ_ONLY');
  const protectReads = parseFlag(env, 'DASHBOARD_PROTECT_READS');

  const prefix = env.DASHBOARD_KEY_PREFIX;
  if (present(prefix) && (/[\u0000-\u001f\u007f]/.test(prefix as string) || prefix?.trim() === ''))
    throw new ConfigError('DASHBOARD_KEY_PREFIX must be printable text, like /demo/');

  const token = env.DASHBOARD_TOKEN;
  if (present(token) && (token as string).length < MIN_TOKEN_LENGTH)
    throw new ConfigError(
      `DASHBOARD_TOKEN is too short to protect anything: use at least ${MIN_TOKEN_LENGTH} characters (openssl rand -hex 24 makes one)`,
    );
  if (protectReads && !present(token))
    throw new ConfigError('DASHBOARD_PROTECT_READS=true needs DASHBOARD_TOKEN to sign in with');

  const rate = env.DASHBOARD_GRANTS_PER_MINUTE?.trim();
  const grantsPerMinute = rate ? Number(rate) : DEFAULT_GRANTS_PER_MINUTE;
  if (!Number.isInteger(grantsPerMinute) || grantsPerMinute < 1 || grantsPerMinute > 100_000)
    throw new ConfigError(
      `DASHBOARD_GRANTS_PER_MINUTE must be a whole number from 1 to 100000, not "${rate}"`,
    );

  return {
    readOnly,
    keyPrefix: present(prefix) ? (prefix as string) : null,
    token: present(token) ? (token as string) : null,
    protectReads,
    grantsPerMinute,
    trustProxy: parseFlag(env, 'DASHBOARD_TRUST_PROXY'),
  };
}

/**
 * DASHBOARD_MAX_READS_PER_SECOND: what the sampler may ask of etcd, for a busy production cluster.
 * Under the cap each round reads at most that many leases, so readings get older (the page says).
 */
export function parseMaxReads(env: Env): number | null {
  const raw = env.DASHBOARD_MAX_READS_PER_SECOND?.trim();
  if (!raw) return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10 || n > 1_000_000)
    throw new ConfigError(
      `DASHBOARD_MAX_READS_PER_SECOND must be a whole number from 10 to 1000000, not "${raw}"`,
    );
  return n;
}

/** Reads and checks every variable; throws ConfigError naming the first bad one. */
export function parseConfig(env: Env): DashboardConfig {
  const endpoints = parseEndpoints(env.ETCD_ENDPOINTS);
  return {
    endpoints,
    auth: parseAuth(env),
    tls: parseTls(env, endpoints),
    access: parseAccess(env),
    maxReadsPerSecond: parseMaxReads(env),
  };
}

const cache = globalThis as typeof globalThis & { __leaseDashboardConfig?: DashboardConfig };

/** The checked configuration; throws ConfigError with a message that names the variable. */
export function getConfig(): DashboardConfig {
  cache.__leaseDashboardConfig ??= parseConfig(process.env);
  return cache.__leaseDashboardConfig;
}

/** Forgets the configuration read so far (tests that point the dashboard somewhere else). */
export function resetConfig(): void {
  cache.__leaseDashboardConfig = undefined;
}

/** The endpoints to name in messages: as parsed, or as typed when they do not parse. */
export function displayEndpoints(): string[] {
  try {
    return getConfig().endpoints;
  } catch {
    return (process.env.ETCD_ENDPOINTS?.trim() || DEFAULT_ENDPOINTS)
      .split(',')
      .map((s) => s.trim());
  }
}
