import { z } from 'zod'

import { listOf } from '@/lib/schema'

export const NOTIFICATION_KINDS = ['invited', 'updated', 'cancelled', 'reminder'] as const

export const notificationSchema = z.object({
  id: z.string(),
  // Unknown kinds from a newer server still show, as a plain notification.
  kind: z.enum(NOTIFICATION_KINDS).or(z.string()),
  title: z.string(),
  body: z.string().catch(''),
  interviewId: z
    .string()
    .nullish()
    .transform((id) => id || null),
  createdAt: z.string(),
  read: z.boolean(),
})
export type Notification = z.infer<typeof notificationSchema>

export const notificationsSchema = z.object({
  notifications: listOf(notificationSchema),
  unread: z.number(),
})
export type Notifications = z.infer<typeof notificationsSchema>
