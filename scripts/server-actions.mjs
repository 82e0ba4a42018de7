// Calling the dashboard's server actions over HTTP as a script (or an attacker) would, without the
// page: the same POST a browser sends, with the action's ID from the build's manifest. Plain Node, so
// the benchmark calls actions the way the tests do; e2e/actions.ts gives the tests its types.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The ID of the server action exported as `name`, from the build in `dir` (the project's root). */
export function actionId(name, dir = '.') {
  const manifest = JSON.parse(
    readFileSync(path.join(dir, '.next/server/server-reference-manifest.json'), 'utf8'),
  );
  const found = Object.entries(manifest.node).find(([, a]) => a.exportedName === name);
  if (!found) throw new Error(`no server action ${name} in the build`);
  return found[0];
}

/**
 * The action's return value: row 1 of the RSC payload. Long strings arrive as text rows
 * (`2:T<hex byte length>,<text>`) that row 1 refers to as "$2".
 */
function answerOf(status, body) {
  const rows = new Map();
  let at = 0;
  while (at < body.length) {
    const colon = body.indexOf(':', at);
    if (colon < 0) break;
    const id = body.subarray(at, colon).toString();
    if (body[colon + 1] === 0x54 /* T */) {
      const comma = body.indexOf(',', colon);
      const length = parseInt(body.subarray(colon + 2, comma).toString(), 16);
      rows.set(id, body.subarray(comma + 1, comma + 1 + length).toString('utf8'));
      at = comma + 1 + length;
    } else {
      const end = body.indexOf('\n', colon);
      const line = body.subarray(colon + 1, end < 0 ? body.length : end).toString('utf8');
      try {
        rows.set(id, JSON.parse(line));
      } catch {
        rows.set(id, line);
      }
      at = end < 0 ? body.length : end + 1;
    }
  }
  const resolve = (value) => {
    if (typeof value === 'string' && /^\$[0-9a-f]+$/.test(value)) return rows.get(value.slice(1));
    if (typeof value === 'string' && value.startsWith('$$')) return value.slice(1);
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  return { status, result: resolve(rows.get('1') ?? null), text: body.toString('utf8') };
}

const headersFor = (baseURL, id) => ({
  'Next-Action': id,
  Origin: baseURL,
  Accept: 'text/x-component',
});

/**
 * An action called with plain arguments (renew, revoke, keep-alive), posted to `page` as from a
 * browser showing it.
 */
export async function callAction(request, baseURL, id, args, page = '/') {
  const res = await request.post(`${baseURL}${page}`, {
    headers: { ...headersFor(baseURL, id), 'Content-Type': 'text/plain;charset=UTF-8' },
    data: JSON.stringify(args),
  });
  return answerOf(res.status(), await res.body());
}

/** A form action (grant, attach) called with (previous state, form fields), as useActionState does. */
export async function callFormAction(request, baseURL, id, fields) {
  // The form's fields first, then the arguments that refer to them ($K1: the fields prefixed _1_),
  // in the order a browser sends them.
  const multipart = new FormData();
  for (const [k, v] of Object.entries(fields)) multipart.append(`_1_${k}`, v);
  multipart.append('0', JSON.stringify([{ result: null, values: {} }, '$K1']));
  const res = await request.post(`${baseURL}/`, {
    headers: headersFor(baseURL, id),
    multipart,
  });
  return answerOf(res.status(), await res.body());
}

/** The calls over fetch, where e2e tests use Playwright's `request`. */
export const overFetch = {
  async post(url, { headers, data, multipart }) {
    const res = await fetch(url, { method: 'POST', headers, body: multipart ?? data });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: () => res.status, body: async () => body };
  },
};
