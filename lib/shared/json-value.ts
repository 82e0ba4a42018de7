import type { z } from 'zod';

/**
 * What a JSON text holds, if it is valid JSON that `schema` accepts; null otherwise. For values read
 * back from etcd, where anyone with write access may have put anything.
 */
export function jsonValue<S extends z.ZodType>(text: string, schema: S): z.output<S> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
