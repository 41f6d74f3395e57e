import { z } from 'zod'

/** A JSON array from the server, where Go writes an empty list as null: null or missing reads as []. */
export function listOf<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((list): z.infer<T>[] => list ?? [])
}
