// What a server action's request body may be (React's JSON text or multipart form), checked before
// Next.js decodes it: Next.js answered anything else (truncated, deeply nested, an unknown $
// reference) with a 500 and a logged stack. These checks turn each into a 4xx, and change nothing.

/** Next.js's own limit for an action's body (serverActions.bodySizeLimit). */
export const MAX_ACTION_BYTES = 1024 * 1024;
/** Deeper than any argument an action takes. */
const MAX_DEPTH = 16;

type Problem = { status: number; message: string };

const bad = (message: string): Problem => ({
  status: 400,
  message: `This is not a request the dashboard's actions take: ${message}`,
});

/** The first thing wrong with an action request's body, or null when React could have sent it. */
export async function malformedAction(request: Request): Promise<Problem | null> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_ACTION_BYTES)
    return { status: 413, message: `An action's body can be at most ${MAX_ACTION_BYTES} bytes` };
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('text/plain')) {
    const text = await request.clone().text();
    if (text.length > MAX_ACTION_BYTES)
      return { status: 413, message: `An action's body can be at most ${MAX_ACTION_BYTES} bytes` };
    return argumentsProblem(text, false);
  }
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await request.clone().formData();
    } catch {
      return bad('the form data cannot be read');
    }
    const args = form.get('0');
    return typeof args === 'string' ? argumentsProblem(args, true) : null;
  }
  return {
    status: 415,
    message: 'Send an action its arguments as React does: text/plain JSON or form data',
  };
}

/** The arguments' JSON: an array, not too deep, with no references React would not send. */
function argumentsProblem(text: string, form: boolean): Problem | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('the arguments are not JSON');
  }
  if (!Array.isArray(value)) return bad('the arguments are not a list');
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: item, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof item === 'string' && isUnknownReference(item, form))
      return bad(`${item.slice(0, 20)} is not a value React sends`);
    if (item === null || typeof item !== 'object') continue;
    if (depth > MAX_DEPTH) return bad(`the arguments nest deeper than ${MAX_DEPTH} levels`);
    for (const child of Object.values(item)) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}

/** React writes a string that starts with $ as $$...; a lone $ starts a reference. */
function isUnknownReference(text: string, form: boolean): boolean {
  if (!text.startsWith('$') || text.startsWith('$$')) return false;
  if (text === '$undefined') return false;
  // React names a form's parts $K1, $K2, ... in hex.
  return !(form && /^\$K[0-9a-f]+$/.test(text));
}
