import { z } from 'zod'

export const clientConfigSchema = z.object({
  mode: z.string(),
  version: z.string(),
  features: z.object({ devInbox: z.boolean().optional() }).optional(),
})

export type ClientConfig = z.infer<typeof clientConfigSchema>
