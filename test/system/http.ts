import type { Poster } from '../../e2e/actions';

/** The server actions called over fetch, as e2e/actions.ts calls them with Playwright's `request`. */
export const overFetch: Poster = {
  async post(url, { headers, data, multipart }) {
    const res = await fetch(url, { method: 'POST', headers, body: multipart ?? data });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: () => res.status, body: async () => body };
  },
};
