import 'server-only';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, parseConfig, type DashboardConfig } from '@/lib/config/env';
import { endpointsWithoutCredentials } from '@/lib/config/fields';

// DASHBOARD_CLUSTERS_FILE: one dashboard for several etcd clusters, a JSON array with one object per
// cluster. Each cluster's configuration is the environment's with the cluster's own fields in place
// of the variables they stand for, so one schema checks both and its messages name the field.
// Credentials and TLS files are the cluster's own or none: one cluster never inherits another's.

/** A cluster's name: its part of the URL, /c/<name>/. */
export const CLUSTER_NAME = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

const clusterSchema = z.strictObject({
  name: z.string().regex(CLUSTER_NAME, {
    error: 'name must be 1 to 32 lower-case letters, digits or dashes, like "prod-eu"',
  }),
  endpoints: z
    .array(z.string(), { error: 'endpoints must be a list of URLs, like ["http://10.0.0.1:2379"]' })
    .min(1, { error: 'endpoints must list at least one URL' }),
  username: z.string().min(1).optional(),
  password: z.string().optional(),
  passwordFile: z.string().min(1).optional(),
  caFile: z.string().min(1).optional(),
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  readOnly: z.boolean().optional(),
  keyPrefix: z.string().optional(),
  watchPrefixes: z
    .array(z.string().refine((p) => !p.includes(','), { error: 'a prefix cannot hold a comma' }))
    .optional(),
});

export type ClusterEntry = z.infer<typeof clusterSchema>;

/** A cluster as the registry builds it: its name, and how to read its configuration. */
export type Cluster = {
  name: string;
  configure: () => DashboardConfig;
  /** the endpoints to name in messages when its configuration cannot be read */
  typedEndpoints: string[];
};

type Env = Record<string, string | undefined>;
type ReadFile = (file: string) => Buffer;

/** Each variable a cluster's field stands for, to name the field in messages. */
const FIELD_OF: [string, string][] = [
  ['ETCD_ENDPOINTS', 'endpoints'],
  ['ETCD_USERNAME', 'username'],
  ['ETCD_PASSWORD', 'password'],
  ['ETCD_CA_FILE', 'caFile'],
  ['ETCD_CERT_FILE', 'certFile'],
  ['ETCD_KEY_FILE', 'keyFile'],
  ['DASHBOARD_READ_ONLY', 'readOnly'],
  ['DASHBOARD_KEY_PREFIX', 'keyPrefix'],
  ['DASHBOARD_WATCH_PREFIXES', 'watchPrefixes'],
];

/**
 * The clusters DASHBOARD_CLUSTERS_FILE lists, in its order (the first is the one today's URLs
 * show). Throws ConfigError naming the file, the cluster and the field when the list is bad; a
 * cluster whose own settings are bad (a URL, a password file) fails alone, when it is first used.
 */
export function readClustersFile(file: string, env: Env, read: ReadFile = readFileSync): Cluster[] {
  const where = `DASHBOARD_CLUSTERS_FILE (${file})`;
  let json: unknown;
  try {
    json = JSON.parse(read(file).toString('utf8'));
  } catch (err) {
    throw new ConfigError(`${where} could not be read as JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(json) || json.length === 0)
    throw new ConfigError(`${where} must hold a JSON array with one object per cluster`);
  const seen = new Set<string>();
  return json.map((raw, i) => {
    const parsed = clusterSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || '(the entry)';
      const name = (raw as { name?: unknown } | null)?.name;
      const which = typeof name === 'string' ? `cluster "${name}"` : `entry ${i + 1}`;
      throw new ConfigError(`${where}, ${which}: ${field}: ${issue?.message ?? 'not valid'}`);
    }
    const entry = parsed.data;
    if (seen.has(entry.name))
      throw new ConfigError(`${where}: two clusters are named "${entry.name}"; names must differ`);
    seen.add(entry.name);
    return {
      name: entry.name,
      configure: () => clusterConfig(entry, env, read, `${where}, cluster "${entry.name}"`),
      typedEndpoints: entry.endpoints.flatMap(endpointsWithoutCredentials),
    };
  });
}

function clusterConfig(entry: ClusterEntry, env: Env, read: ReadFile, where: string) {
  if (entry.password !== undefined && entry.passwordFile !== undefined)
    throw new ConfigError(`${where}: set password or passwordFile, not both`);
  let password = entry.password;
  if (entry.passwordFile !== undefined) {
    try {
      password = read(entry.passwordFile).toString('utf8').trim();
    } catch (err) {
      throw new ConfigError(`${where}: passwordFile could not be read: ${(err as Error).message}`);
    }
  }
  const own: Env = {
    ETCD_ENDPOINTS: entry.endpoints.join(','),
    ETCD_USERNAME: entry.username,
    ETCD_PASSWORD: password,
    ETCD_CA_FILE: entry.caFile,
    ETCD_CERT_FILE: entry.certFile,
    ETCD_KEY_FILE: entry.keyFile,
    // The environment's choice holds for every cluster that does not make its own.
    DASHBOARD_READ_ONLY:
      entry.readOnly === undefined ? env.DASHBOARD_READ_ONLY : String(entry.readOnly),
    DASHBOARD_KEY_PREFIX: entry.keyPrefix ?? env.DASHBOARD_KEY_PREFIX,
    DASHBOARD_WATCH_PREFIXES: entry.watchPrefixes?.join(',') ?? env.DASHBOARD_WATCH_PREFIXES,
  };
  try {
    return parseConfig({ ...env, ...own }, read);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    let message = err.message;
    for (const [variable, field] of FIELD_OF) message = message.replaceAll(variable, field);
    throw new ConfigError(`${where}: ${message}`);
  }
}
