import 'server-only';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { hostnameOf } from '@/lib/shared/hosts';
import { findingFields, findingsOf, type FindingsConfig } from '@/lib/config/finding-thresholds';
import {
  ConfigError,
  endpoints,
  flag,
  isClientUrl,
  keyPrefix,
  optional,
  ownPrefix,
  replicaSecret,
  token,
  trustedProxies,
  unset,
  watchPrefixes,
  wholeNumber,
} from '@/lib/config/fields';

export {
  ConfigError,
  DEFAULT_ENDPOINTS,
  MIN_TOKEN_LENGTH,
  endpointsWithoutCredentials,
} from '@/lib/config/fields';

// The environment, read once through one zod schema; every message names its variable, no secret.

export const DEFAULT_GRANTS_PER_MINUTE = 60;
/** The audit trail keeps the newest entries within both bounds (lib/audit/). */
export const DEFAULT_AUDIT_MAX_ENTRIES = 1000;
export const DEFAULT_AUDIT_MAX_BYTES = 1024 * 1024;

export type DashboardConfig = FindingsConfig & {
  endpoints: string[];
  /** etcd's user authentication (ETCD_USERNAME / ETCD_PASSWORD); never sent to the browser */
  auth: { username: string; password: string } | null;
  /** TLS material read from ETCD_CA_FILE, ETCD_CERT_FILE, ETCD_KEY_FILE */
  tls: { ca: Buffer | null; cert: Buffer | null; key: Buffer | null } | null;
  /** what the dashboard may do, and who may do it */
  access: AccessConfig;
  /** DASHBOARD_MAX_READS_PER_SECOND: cap on the sampler's TimeToLive requests; null: none */
  maxReadsPerSecond: number | null;
  /** DASHBOARD_WATCH_PREFIXES: the key prefixes the watch covers; null: every key */
  watchPrefixes: string[] | null;
  /**
   * DASHBOARD_URL without its trailing slash: how people, and the other replicas, reach this
   * dashboard. With it the dashboard campaigns to lead (lib/replicas/); null: it runs alone.
   */
  url: string | null;
  /**
   * Where the dashboard keeps what it writes for itself (the replicas' election, the keep-alive
   * intents): DASHBOARD_OWN_PREFIX, else /lease-dashboard/. Never inside DASHBOARD_KEY_PREFIX.
   */
  ownPrefix: string;
  /**
   * The folders under ownPrefix that nobody may write or revoke through the dashboard, in any mode:
   * a user who could would steer the replicas or the keep-alives, or rewrite the audit trail, the
   * record of granted leases or the sessions.
   */
  reservedPrefixes: string[];
  /** Where the scenarios put their keys: DASHBOARD_KEY_PREFIX, else ownPrefix. */
  scenarioPrefix: string;
  /**
   * DASHBOARD_REPLICA_SECRET: signs each replica's entry in the election and each request one
   * replica passes to another. Needed with DASHBOARD_URL; never sent to the browser.
   */
  replicaSecret: string | null;
  /**
   * DASHBOARD_AUDIT_MAX_ENTRIES and DASHBOARD_AUDIT_MAX_BYTES: the audit trail in etcd keeps the
   * newest entries within both; the oldest go first.
   */
  audit: { maxEntries: number; maxBytes: number };
  /** the audience rooms' bounds (lib/rooms/) */
  rooms: RoomsConfig;
};

/** What one audience room, and all of them, may hold; a phone's lease and its allowances. */
export type RoomsConfig = {
  /** DASHBOARD_ROOM_MAX_MEMBERS: members one room holds at most */
  maxMembers: number;
  /** DASHBOARD_ROOM_MAX_ROOMS: rooms open at once */
  maxRooms: number;
  /** DASHBOARD_ROOM_TTL: the TTL each member's lease is granted, in seconds */
  ttl: number;
  /** DASHBOARD_ROOM_IDLE_MINUTES: a room nobody joins or renews in for this long ends */
  idleMinutes: number;
  /** DASHBOARD_ROOM_JOINS_PER_MINUTE: join attempts one client may make in any minute */
  joinsPerMinute: number;
  /** DASHBOARD_ROOM_HEARTBEATS_PER_MINUTE: renewals one member may ask for in any minute */
  heartbeatsPerMinute: number;
};

/** The folders of the dashboard's own prefix that the dashboard's users may never touch. */
export const reservedPrefixesOf = (own: string) => [
  `${own}election/`,
  `${own}keep-alive/`,
  `${own}audit/`,
  `${own}granted/`,
  `${own}sessions/`,
  `${own}rooms/`,
];

/** The dashboard's own prefix when DASHBOARD_KEY_PREFIX is not set. */
export const DEFAULT_OWN_PREFIX = '/lease-dashboard/';

export type AccessConfig = {
  /** DASHBOARD_READ_ONLY: refuse every change to etcd */
  readOnly: boolean;
  /** DASHBOARD_KEY_PREFIX: keys may only be written (and leases revoked or kept alive) under it */
  keyPrefix: string | null;
  /**
   * Who may change etcd: anyone ('open'), whoever signs in with DASHBOARD_TOKEN ('token'), or etcd's
   * own users, each making changes as themselves (DASHBOARD_SIGN_IN=etcd)
   */
  signIn: 'open' | 'token' | 'etcd';
  /** DASHBOARD_TOKEN: signs in ('token'), and is /metrics' bearer token; never sent to the browser */
  token: string | null;
  /** DASHBOARD_PROTECT_READS: reads need the session too */
  protectReads: boolean;
  /** DASHBOARD_GRANTS_PER_MINUTE: leases one client may grant in any minute */
  grantsPerMinute: number;
  /**
   * DASHBOARD_TRUST_PROXY: how many proxies in front of the dashboard append to X-Forwarded-For
   * (true is one); the entry the outermost added names the client. 0: clients are not told apart.
   */
  trustProxy: number;
};

type Env = Record<string, string | undefined>;
/** Reads a TLS file; tests pass their own. */
type ReadFile = (file: string) => Buffer;

/** The whole environment the dashboard reads, and what it means. */
const envSchema = (read: ReadFile) =>
  z
    .object({
      ETCD_ENDPOINTS: endpoints,
      ETCD_USERNAME: optional,
      ETCD_PASSWORD: optional,
      ETCD_CA_FILE: optional,
      ETCD_CERT_FILE: optional,
      ETCD_KEY_FILE: optional,
      DASHBOARD_READ_ONLY: flag('DASHBOARD_READ_ONLY'),
      DASHBOARD_PROTECT_READS: flag('DASHBOARD_PROTECT_READS'),
      DASHBOARD_KEY_PREFIX: keyPrefix,
      DASHBOARD_TOKEN: token,
      DASHBOARD_SIGN_IN: z
        .enum(['token', 'etcd'], {
          error:
            'DASHBOARD_SIGN_IN must be token (sign in with DASHBOARD_TOKEN) or etcd (as an etcd user)',
        })
        .optional(),
      DASHBOARD_GRANTS_PER_MINUTE: wholeNumber(
        'DASHBOARD_GRANTS_PER_MINUTE',
        1,
        100_000,
        DEFAULT_GRANTS_PER_MINUTE,
      ),
      DASHBOARD_TRUST_PROXY: trustedProxies,
      DASHBOARD_URL: optional.refine(
        (u) => unset(u) || isClientUrl(u.replace(/\/$/, '') + '/'),
        'DASHBOARD_URL must be the URL the dashboard is reached at, like https://leases.example.com, with no user name or password in it',
      ),
      DASHBOARD_ALLOWED_HOSTS: optional.refine(
        (list) => unset(list) || list.split(',').every((h) => hostnameOf(h.trim()) !== null),
        'DASHBOARD_ALLOWED_HOSTS must be host names separated by commas, like leases.example.com,10.0.0.5',
      ),
      DASHBOARD_MAX_READS_PER_SECOND: wholeNumber(
        'DASHBOARD_MAX_READS_PER_SECOND',
        10,
        1_000_000,
        null,
      ),
      DASHBOARD_WATCH_PREFIXES: watchPrefixes,
      DASHBOARD_OWN_PREFIX: ownPrefix,
      DASHBOARD_REPLICA_SECRET: replicaSecret,
      DASHBOARD_ROOM_MAX_MEMBERS: wholeNumber('DASHBOARD_ROOM_MAX_MEMBERS', 1, 10_000, 200),
      DASHBOARD_ROOM_MAX_ROOMS: wholeNumber('DASHBOARD_ROOM_MAX_ROOMS', 1, 100, 5),
      // etcd grants no lease under 2 s, and a phone renewing every TTL/3 needs a few seconds' slack.
      DASHBOARD_ROOM_TTL: wholeNumber('DASHBOARD_ROOM_TTL', 5, 300, 10),
      DASHBOARD_ROOM_IDLE_MINUTES: wholeNumber('DASHBOARD_ROOM_IDLE_MINUTES', 1, 24 * 60, 30),
      DASHBOARD_ROOM_JOINS_PER_MINUTE: wholeNumber(
        'DASHBOARD_ROOM_JOINS_PER_MINUTE',
        1,
        10_000,
        10,
      ),
      DASHBOARD_ROOM_HEARTBEATS_PER_MINUTE: wholeNumber(
        'DASHBOARD_ROOM_HEARTBEATS_PER_MINUTE',
        1,
        10_000,
        60,
      ),
      DASHBOARD_AUDIT_MAX_ENTRIES: wholeNumber(
        'DASHBOARD_AUDIT_MAX_ENTRIES',
        10,
        100_000,
        DEFAULT_AUDIT_MAX_ENTRIES,
      ),
      DASHBOARD_AUDIT_MAX_BYTES: wholeNumber(
        'DASHBOARD_AUDIT_MAX_BYTES',
        16 * 1024,
        64 * 1024 * 1024,
        DEFAULT_AUDIT_MAX_BYTES,
      ),
      ...findingFields,
    })
    .transform((env, ctx): DashboardConfig => {
      try {
        return {
          endpoints: env.ETCD_ENDPOINTS,
          auth: authOf(env),
          tls: tlsOf(env, env.ETCD_ENDPOINTS, read),
          access: {
            readOnly: env.DASHBOARD_READ_ONLY,
            keyPrefix: unset(env.DASHBOARD_KEY_PREFIX) ? null : env.DASHBOARD_KEY_PREFIX,
            signIn: signInOf(env),
            token: unset(env.DASHBOARD_TOKEN) ? null : env.DASHBOARD_TOKEN,
            protectReads: protectReadsOf(env),
            grantsPerMinute: env.DASHBOARD_GRANTS_PER_MINUTE,
            trustProxy: env.DASHBOARD_TRUST_PROXY,
          },
          maxReadsPerSecond: env.DASHBOARD_MAX_READS_PER_SECOND,
          watchPrefixes: env.DASHBOARD_WATCH_PREFIXES,
          url: unset(env.DASHBOARD_URL) ? null : env.DASHBOARD_URL.trim().replace(/\/+$/, ''),
          ...prefixesOf(env),
          replicaSecret: replicaSecretOf(env),
          audit: {
            maxEntries: env.DASHBOARD_AUDIT_MAX_ENTRIES,
            maxBytes: env.DASHBOARD_AUDIT_MAX_BYTES,
          },
          rooms: {
            maxMembers: env.DASHBOARD_ROOM_MAX_MEMBERS,
            maxRooms: env.DASHBOARD_ROOM_MAX_ROOMS,
            ttl: env.DASHBOARD_ROOM_TTL,
            idleMinutes: env.DASHBOARD_ROOM_IDLE_MINUTES,
            joinsPerMinute: env.DASHBOARD_ROOM_JOINS_PER_MINUTE,
            heartbeatsPerMinute: env.DASHBOARD_ROOM_HEARTBEATS_PER_MINUTE,
          },
          ...findingsOf(env),
        };
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    });

// What one variable cannot say alone: pairs that go together, and files to read.

function authOf(env: { ETCD_USERNAME?: string; ETCD_PASSWORD?: string }): DashboardConfig['auth'] {
  const { ETCD_USERNAME: username, ETCD_PASSWORD: password } = env;
  if (unset(username) && unset(password)) return null;
  if (unset(username))
    throw new ConfigError('ETCD_PASSWORD is set but ETCD_USERNAME is not: set both, or neither');
  if (unset(password))
    throw new ConfigError(
      `ETCD_USERNAME is set (${username}) but ETCD_PASSWORD is not: set both, or neither`,
    );
  if (username.trim() !== username)
    throw new ConfigError('ETCD_USERNAME has spaces at its start or end');
  return { username, password };
}

function prefixesOf(env: {
  DASHBOARD_KEY_PREFIX?: string;
  DASHBOARD_OWN_PREFIX?: string;
}): Pick<DashboardConfig, 'ownPrefix' | 'reservedPrefixes' | 'scenarioPrefix'> {
  const own = unset(env.DASHBOARD_OWN_PREFIX) ? DEFAULT_OWN_PREFIX : env.DASHBOARD_OWN_PREFIX;
  const reserved = reservedPrefixesOf(own);
  const user = unset(env.DASHBOARD_KEY_PREFIX) ? null : env.DASHBOARD_KEY_PREFIX;
  if (user && (own.startsWith(user) || reserved.some((r) => user.startsWith(r))))
    throw new ConfigError(
      `DASHBOARD_KEY_PREFIX (${user}) and the dashboard's own keys under ${own} overlap: its users could steer its election and keep-alives. Set DASHBOARD_OWN_PREFIX to a prefix outside ${user}`,
    );
  return { ownPrefix: own, reservedPrefixes: reserved, scenarioPrefix: user ?? own };
}

function replicaSecretOf(env: {
  DASHBOARD_URL?: string;
  DASHBOARD_READ_ONLY: boolean;
  DASHBOARD_REPLICA_SECRET?: string;
}): string | null {
  const secret = unset(env.DASHBOARD_REPLICA_SECRET) ? null : env.DASHBOARD_REPLICA_SECRET;
  if (!secret && !unset(env.DASHBOARD_URL) && !env.DASHBOARD_READ_ONLY)
    throw new ConfigError(
      'DASHBOARD_URL runs this dashboard as a replica: set DASHBOARD_REPLICA_SECRET too, the same on every replica (openssl rand -hex 24 makes one), so that replicas follow and answer only each other',
    );
  return secret;
}

function signInOf(env: {
  DASHBOARD_SIGN_IN?: 'token' | 'etcd';
  DASHBOARD_TOKEN?: string;
}): AccessConfig['signIn'] {
  if (env.DASHBOARD_SIGN_IN === 'etcd') return 'etcd';
  if (env.DASHBOARD_SIGN_IN === 'token' && unset(env.DASHBOARD_TOKEN))
    throw new ConfigError('DASHBOARD_SIGN_IN=token needs DASHBOARD_TOKEN to sign in with');
  return unset(env.DASHBOARD_TOKEN) ? 'open' : 'token';
}

function protectReadsOf(env: {
  DASHBOARD_PROTECT_READS: boolean;
  DASHBOARD_TOKEN?: string;
  DASHBOARD_SIGN_IN?: 'token' | 'etcd';
}): boolean {
  if (env.DASHBOARD_PROTECT_READS && unset(env.DASHBOARD_TOKEN) && env.DASHBOARD_SIGN_IN !== 'etcd')
    throw new ConfigError(
      'DASHBOARD_PROTECT_READS=true needs a way to sign in: DASHBOARD_TOKEN, or DASHBOARD_SIGN_IN=etcd',
    );
  return env.DASHBOARD_PROTECT_READS;
}

function tlsOf(
  env: Partial<Record<'ETCD_CA_FILE' | 'ETCD_CERT_FILE' | 'ETCD_KEY_FILE', string>>,
  endpoints: string[],
  read: ReadFile,
): DashboardConfig['tls'] {
  const load = (variable: 'ETCD_CA_FILE' | 'ETCD_CERT_FILE' | 'ETCD_KEY_FILE') => {
    const file = env[variable];
    if (unset(file)) return null;
    try {
      const data = read(file);
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

/** Reads and checks every variable; throws ConfigError naming the first bad one. */
export function parseConfig(
  env: Env,
  read: ReadFile = (file) => readFileSync(file),
): DashboardConfig {
  const parsed = envSchema(read).safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues[0]?.message ?? 'the configuration is not valid');
}

// One part of the configuration at a time, through the same schema (for tests and messages).
export const parseEndpoints = (raw: string | undefined) =>
  parseConfig({ ETCD_ENDPOINTS: raw }).endpoints;
export const parseAuth = (env: Env) => parseConfig(env).auth;
export const parseAccess = (env: Env) => parseConfig(env).access;
export const parseMaxReads = (env: Env) => parseConfig(env).maxReadsPerSecond;
export const parseRooms = (env: Env) => parseConfig(env).rooms;
export const parseTls = (env: Env, endpoints: string[], read: ReadFile) =>
  parseConfig({ ...env, ETCD_ENDPOINTS: endpoints.join(',') }, read).tls;
