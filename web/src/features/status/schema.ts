import { z } from 'zod'

/** A component's status: "up", "down" or "starting"; unknown values are kept and shown neutrally. */
const statusSchema = z.string()

export const componentDetailSchema = z.object({
  status: statusSchema,
  description: z.string().optional(),
  address: z.string().optional(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
  managed: z.boolean().optional(),
  pid: z.number().optional(),
  restarts: z.number().optional(),
  since: z.string().optional(),
})

export const healthSchema = z.object({
  status: statusSchema,
  version: z.string().optional(),
  mode: z.string().optional(),
  checkedAt: z.string().optional(),
  components: z.record(z.string(), statusSchema),
  details: z.record(z.string(), componentDetailSchema).optional(),
})

export type Health = z.infer<typeof healthSchema>
export type ComponentDetail = z.infer<typeof componentDetailSchema>
