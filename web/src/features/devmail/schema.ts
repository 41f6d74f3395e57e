import { z } from 'zod'

import { listOf } from '@/lib/schema'

// Mailpit's REST API (/api/v1/*), proxied unchanged under /api/dev/mail/*. Unknown fields are dropped;
// address lists may be null when a header is missing.

const addressSchema = z.object({
  Name: z.string().catch(''),
  Address: z.string().catch(''),
})

const addressList = listOf(addressSchema)

export const mailSummarySchema = z.object({
  ID: z.string(),
  From: addressSchema.nullish(),
  To: addressList,
  Subject: z.string().catch(''),
  Created: z.string().optional(),
  Snippet: z.string().catch(''),
  Read: z.boolean().catch(false),
})

export const mailListSchema = z.object({
  total: z.number().optional(),
  messages: listOf(mailSummarySchema),
})

export const mailMessageSchema = z.object({
  ID: z.string(),
  From: addressSchema.nullish(),
  To: addressList,
  Subject: z.string().catch(''),
  Date: z.string().optional(),
  Text: z.string().catch(''),
  HTML: z.string().catch(''),
})

export type MailAddress = z.infer<typeof addressSchema>
export type MailSummary = z.infer<typeof mailSummarySchema>
export type MailList = z.infer<typeof mailListSchema>
export type MailMessage = z.infer<typeof mailMessageSchema>
