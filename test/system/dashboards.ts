import { inject } from 'vitest';

// The dashboards the system tests talk to, as global-setup.ts starts them for the run: one as it
// ships, one allowing few grants, one with a token, a key prefix and protected reads.

export const LIMITED_GRANTS_PER_MINUTE = 3;
export const GUARDED_PREFIX = '/guarded/';

/** Their addresses (and the guarded one's token), read in a test file, not in the global setup. */
export function dashboards() {
  const d = inject('dashboards');
  return {
    main: { baseURL: d.main },
    limited: { baseURL: d.limited, grantsPerMinute: LIMITED_GRANTS_PER_MINUTE },
    guarded: { baseURL: d.guarded, token: d.guardedToken, prefix: GUARDED_PREFIX },
  };
}
