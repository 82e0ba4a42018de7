import 'server-only';
import { z } from 'zod';

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

export type DashboardConfig = { endpoints: string[] };

export class ConfigError extends Error {
  override name = 'ConfigError';
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

const cache = globalThis as typeof globalThis & { __leaseDashboardConfig?: DashboardConfig };

/** The checked configuration; throws ConfigError with a message that names the variable. */
export function getConfig(): DashboardConfig {
  cache.__leaseDashboardConfig ??= { endpoints: parseEndpoints(process.env.ETCD_ENDPOINTS) };
  return cache.__leaseDashboardConfig;
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
