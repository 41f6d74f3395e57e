import { z } from 'zod'

/** What the replay reads of GET /api/collab/docs/{docId}/history: which user made each actor's changes. */
export const historyAuthorsSchema = z.object({
  /** actor (hex) → user id; "" for the server's own changes. Absent for changes older than the record. */
  authors: z
    .record(z.string(), z.string())
    .nullish()
    .catch(null)
    .transform((authors) => authors ?? {}),
})
export type HistoryAuthors = z.infer<typeof historyAuthorsSchema>['authors']
