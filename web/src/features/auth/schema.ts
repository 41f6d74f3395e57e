import { z } from 'zod'

import { listOf } from '@/lib/schema'

// Ory Kratos v1.3.1 self-service flows, as `GET /auth/self-service/<kind>/flows?id=` returns them. Only what the
// renderer needs is kept; unknown node kinds parse to `{ node_type: 'unknown' }` and are not shown.

export const uiTextSchema = z.object({
  id: z.number().catch(0),
  text: z.string(),
  /** "error" | "info" | "success" */
  type: z.string().catch('info'),
  context: z.record(z.string(), z.unknown()).nullish(),
})

const inputAttributesSchema = z.object({
  node_type: z.literal('input'),
  name: z.string(),
  /** text, email, password, hidden, submit, button, checkbox, number, tel, url, datetime-local… */
  type: z.string(),
  value: z.unknown().optional(),
  required: z.boolean().optional(),
  disabled: z.boolean().optional(),
  autocomplete: z.string().optional(),
  label: uiTextSchema.optional(),
  pattern: z.string().optional(),
  maxlength: z.number().optional(),
  onclick: z.string().optional(),
  onclickTrigger: z.string().optional(),
})

const imageAttributesSchema = z.object({
  node_type: z.literal('img'),
  src: z.string(),
  id: z.string().catch(''),
  width: z.number().optional(),
  height: z.number().optional(),
})

const anchorAttributesSchema = z.object({
  node_type: z.literal('a'),
  href: z.string(),
  title: uiTextSchema.nullish(),
  id: z.string().catch(''),
})

const textAttributesSchema = z.object({
  node_type: z.literal('text'),
  text: uiTextSchema,
  id: z.string().catch(''),
})

const scriptAttributesSchema = z.object({ node_type: z.literal('script') })
const unknownAttributesSchema = z.object({ node_type: z.literal('unknown') })

export const nodeAttributesSchema = z
  .discriminatedUnion('node_type', [
    inputAttributesSchema,
    imageAttributesSchema,
    anchorAttributesSchema,
    textAttributesSchema,
    scriptAttributesSchema,
    unknownAttributesSchema,
  ])
  .catch({ node_type: 'unknown' })

const messagesSchema = listOf(uiTextSchema)

export const uiNodeSchema = z.object({
  type: z.string(),
  /** default, password, oidc, code, profile, link, totp, lookup_secret, webauthn, passkey… */
  group: z.string(),
  attributes: nodeAttributesSchema,
  messages: messagesSchema,
  meta: z
    .object({ label: uiTextSchema.nullish() })
    .nullish()
    .transform((meta) => ({ label: meta?.label ?? undefined })),
})

export const uiContainerSchema = z.object({
  action: z.string(),
  method: z.string(),
  nodes: z.array(uiNodeSchema),
  messages: messagesSchema,
})

export const flowSchema = z.object({
  id: z.string(),
  type: z.string().optional(),
  state: z.string().nullish(),
  return_to: z.string().nullish(),
  /** Login: the user is signed in and must confirm it is them (a "privileged" session for settings). */
  refresh: z.boolean().optional(),
  requested_aal: z.string().optional(),
  ui: uiContainerSchema,
})

/** `GET /auth/self-service/errors?id=`: `error` is whatever Kratos stored, usually {code, status, message, reason}. */
export const flowErrorSchema = z.object({
  id: z.string(),
  error: z
    .object({
      code: z.number().optional(),
      status: z.string().optional(),
      message: z.string().optional(),
      reason: z.string().optional(),
      id: z.string().optional(),
    })
    .catch({}),
})

export const logoutSchema = z.object({ logout_url: z.string() })

export type UiText = z.infer<typeof uiTextSchema>
export type UiNode = z.infer<typeof uiNodeSchema>
export type UiContainer = z.infer<typeof uiContainerSchema>
export type Flow = z.infer<typeof flowSchema>
export type FlowError = z.infer<typeof flowErrorSchema>
export type InputAttributes = z.infer<typeof inputAttributesSchema>
export type InputNode = UiNode & { attributes: InputAttributes }
