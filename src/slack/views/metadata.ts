import type { z } from 'zod';

/** Parses a view's private_metadata with its schema: it round-trips through the client, so never trust it. */
export function parseMetadata<S extends z.ZodType>(schema: S, raw: string | undefined): z.infer<S> | null {
  try {
    const r = schema.safeParse(JSON.parse(raw ?? ''));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
