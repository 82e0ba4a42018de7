import type { Poster } from '../../e2e/actions';
import { overFetch as plainOverFetch } from '../../scripts/server-actions.mjs';

/** The server actions called over fetch, as e2e/actions.ts calls them with Playwright's `request`. */
export const overFetch: Poster = plainOverFetch;
