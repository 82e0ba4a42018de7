'use client';

import { useSyncExternalStore } from 'react';
import useSWR from 'swr';
import type { z } from 'zod';
import type { ErrorCode } from '@/lib/shared/errors';
import type { Message } from '@/lib/shared/contract';
import { message, render } from '@/lib/shared/i18n';
import { english } from '@/lib/shared/english';
import {
  errorBodySchema,
  leaseDetailResponseSchema,
  leasesResponseSchema,
} from '@/lib/shared/response-schemas';
import { leaseQueryParams } from '@/lib/shared/lease-query';
import type { LeaseDetailResponse, LeasesResponse } from '@/lib/shared/contract';
import type { LeaseQuery } from '@/lib/shared/contract';
import { useClusterPath } from '@/components/cluster/cluster-base';

// One SWR hook per resource. Both poll once a second; SWR's deduping window is set below the poll
// interval, or it would silently stretch the poll to its default two seconds.

export const POLL_INTERVAL_MS = 1000;
const DEDUPE_MS = 200;

/** What the server sent, with the offset from the browser's clock to the server's. */
export type Stamped<T> = T & { clockOffset: number };

/**
 * The server's error, with its code (lib/shared/errors.ts), for the page to show; `said` is the
 * page's own sentence for it in the catalogs, when the page made it.
 */
export class ServerError extends Error {
  constructor(
    text: string,
    readonly code: ErrorCode | null,
    readonly said?: Message,
  ) {
    super(text);
  }
}

/**
 * Fetches `url` and checks the answer against `schema` (the shared contract) before anyone uses
 * it; a failed request throws the server's own message and code.
 */
export async function fetchJson<T extends { now: number }>(
  url: string,
  schema: z.ZodType<T>,
): Promise<Stamped<T>> {
  const data = await fetchParsed(url, schema);
  return { ...data, clockOffset: data.now - Date.now() };
}

/** fetchJson for answers that carry no server time (a page of a finding's examples). */
export async function fetchParsed<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const res = await fetch(url, { cache: 'no-store' });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = errorBodySchema.safeParse(body);
    if (error.success) throw new ServerError(error.data.error, error.data.code);
    const said = message('errors.serverAnswered', { status: res.status, url });
    throw new ServerError(render(english, said), null, said);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const said = message('errors.answerMismatch', {
      url,
      path: parsed.error.issues[0]?.path.join('.') ?? '',
      problem: parsed.error.issues[0]?.message ?? '',
    });
    throw new ServerError(render(english, said), null, said);
  }
  return parsed.data;
}

/** A failed fetch in the viewer's language: the page's own sentence for it, else its words. */
export const fetchErrorSaid = (err: unknown): Message | undefined =>
  err instanceof ServerError ? err.said : undefined;

const fetchLeases = (url: string) => fetchJson(url, leasesResponseSchema);
const fetchLeaseDetail = (url: string) => fetchJson(url, leaseDetailResponseSchema);

/** One page of leases as `query` asks; `initial` is what the server rendered, for its own query. */
export function useLeases(query: LeaseQuery, initial?: LeasesResponse) {
  const path = useClusterPath();
  const params = leaseQueryParams(query);
  const fallback =
    initial && leaseQueryParams(initial.query) === params
      ? { ...initial, clockOffset: 0 }
      : undefined;
  const url = path(`/api/leases${params ? `?${params}` : ''}`);
  return useSWR<Stamped<LeasesResponse>>(url, fetchLeases, {
    refreshInterval: POLL_INTERVAL_MS,
    dedupingInterval: DEDUPE_MS,
    fallbackData: fallback,
    keepPreviousData: true,
  });
}

export function useLeaseDetail(id: string | null) {
  const path = useClusterPath();
  const url = id ? path(`/api/leases/${id}`) : null;
  return useSWR<Stamped<LeaseDetailResponse>>(url, fetchLeaseDetail, {
    refreshInterval: POLL_INTERVAL_MS,
    dedupingInterval: DEDUPE_MS,
    keepPreviousData: false,
  });
}

// One shared clock for every countdown on the page.
const TICK_MS = 200;
let clockNow: number | null = null;
let clockTimer: ReturnType<typeof setInterval> | undefined;
const clockListeners = new Set<() => void>();

function subscribeClock(listener: () => void): () => void {
  clockListeners.add(listener);
  if (!clockTimer) {
    clockNow = Date.now();
    clockTimer = setInterval(() => {
      clockNow = Date.now();
      clockListeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    clockListeners.delete(listener);
    if (clockListeners.size === 0) {
      clearInterval(clockTimer);
      clockTimer = undefined;
    }
  };
}

/**
 * The current time, updated five times a second, for countdowns that move between polls. Null on
 * the server and during hydration, so the server's HTML and the browser's first render agree.
 */
export function useNow(): number | null {
  return useSyncExternalStore(
    subscribeClock,
    () => clockNow,
    () => null,
  );
}
