/** `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Leases per slice of a pass over every lease, with a breather() between slices: a few
 * milliseconds of work each, so a request waits no longer than that behind it.
 */
export const SLICE = 5000;

/** Lets waiting I/O callbacks (requests) run before the next step of a long job. */
export const breather = () => new Promise<void>((resolve) => setImmediate(resolve));
