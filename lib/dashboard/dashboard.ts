import { AsyncLocalStorage } from 'node:async_hooks';
import type { DashboardConfig } from '@/lib/config/env';

// A dashboard as a value: one etcd cluster's configuration and everything made for it, by slot.
// No server-only import and no configuration parsing here, so that the request proxy (proxy.ts),
// which reads the replicas' state, can use the store too; ./registry.ts fills it.

/** A named piece of a dashboard's state, made on first use and kept while the value lives. */
export type Slot<T> = {
  readonly name: string;
  readonly create: (dashboard: Dashboard) => T;
  /** how to let go of it when the value is closed (clients, timers) */
  readonly close?: (value: T) => void;
};

/** Names are the key, so a module re-evaluated by hot reload finds the state its last copy made. */
export function slot<T>(
  name: string,
  create: (dashboard: Dashboard) => T,
  close?: (value: T) => void,
): Slot<T> {
  return { name, create, close };
}

type Held = { value: unknown; close?: (value: never) => void };

/** One cluster's dashboard: its configuration, and its state by slot. */
export class Dashboard {
  private readonly held = new Map<string, Held>();
  private config: DashboardConfig | null = null;

  constructor(
    readonly name: string,
    /** reads and checks this cluster's configuration; throws ConfigError naming the field */
    private readonly configure: () => DashboardConfig,
    /** the endpoints to name when the configuration cannot be read */
    private readonly typedEndpoints: () => string[],
  ) {}

  /** The checked configuration; throws ConfigError, and tries again next time, when it is bad. */
  getConfig(): DashboardConfig {
    this.config ??= this.configure();
    return this.config;
  }

  configOrNull(): DashboardConfig | null {
    try {
      return this.getConfig();
    } catch {
      return null;
    }
  }

  /** The endpoints to name in messages: as parsed, or as typed (no credentials) when not parsed. */
  displayEndpoints(): string[] {
    return this.configOrNull()?.endpoints ?? this.typedEndpoints();
  }

  get<T>(s: Slot<T>): T {
    const held = this.held.get(s.name);
    if (held) return held.value as T;
    const value = s.create(this);
    this.held.set(s.name, { value, close: s.close as Held['close'] });
    return value;
  }

  /** The slot's value if it was made, without making it. */
  peek<T>(s: Slot<T>): T | undefined {
    return this.held.get(s.name)?.value as T | undefined;
  }

  /** Lets go of one slot's value (closing it), so the next get makes a new one. */
  forget<T>(s: Slot<T>): void {
    const held = this.held.get(s.name);
    if (!held) return;
    this.held.delete(s.name);
    held.close?.(held.value as never);
  }

  /** Reads the configuration again on next use (tests that change the environment). */
  forgetConfig(): void {
    this.config = null;
  }

  /** Closes everything, newest first; the next use starts afresh from the configuration. */
  close(): void {
    for (const name of [...this.held.keys()].reverse()) {
      const held = this.held.get(name);
      this.held.delete(name);
      held?.close?.(held.value as never);
    }
    this.config = null;
  }
}

export const DEFAULT_DASHBOARD = 'default';

type Store = {
  dashboards: Map<string, Dashboard>;
  process: Dashboard;
  /**
   * Which dashboard the running work is for. One per process, not per module: Next.js builds a
   * module once per server bundle, and work started in one bundle is served from another.
   */
  context: AsyncLocalStorage<Dashboard>;
};

const holder = globalThis as typeof globalThis & { __leaseDashboards?: Store };

/** The process's one global: its dashboards, and what it has once (see ./registry.ts). */
export function dashboardStore(): Store {
  holder.__leaseDashboards ??= {
    dashboards: new Map(),
    process: new Dashboard(
      'process',
      () => {
        throw new Error('the process has no etcd configuration of its own');
      },
      () => [],
    ),
    context: new AsyncLocalStorage<Dashboard>(),
  };
  return holder.__leaseDashboards;
}

/** What one process has once, whichever cluster it serves: replica leadership, the metrics. */
export function processState(): Dashboard {
  return dashboardStore().process;
}
