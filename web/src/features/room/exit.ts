import { z } from 'zod'

/**
 * How a call ended for this page. The room passes it to the interview page in the router's state, so the notice
 * ("Ada ended the call") is still there after the navigation. No LiveKit import: the interview page reads it.
 */
export const callExitSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('left') }),
  /** `by`: the name of who ended it; '' for the viewer themselves; null when the room went away unannounced. */
  z.object({ kind: z.literal('ended'), by: z.string().nullable() }),
  z.object({ kind: z.literal('removed') }),
  z.object({ kind: z.literal('replaced') }),
  z.object({ kind: z.literal('lost') }),
  z.object({ kind: z.literal('failed'), message: z.string() }),
])
export type CallExit = z.infer<typeof callExitSchema>

export function exitMessage(exit: CallExit): string {
  switch (exit.kind) {
    case 'left':
      return 'You left the call.'
    case 'ended':
      if (exit.by === '') return 'You ended the call for everyone.'
      return exit.by ? `${exit.by} ended the call.` : 'The call was ended.'
    case 'removed':
      return 'The host removed you from the call.'
    case 'replaced':
      return 'You joined this call from another tab or device, so this one left it.'
    case 'lost':
      return 'The connection to the call was lost.'
    case 'failed':
      return `Could not connect to the call: ${exit.message}`
  }
}

/**
 * The exit that stands when a second one comes: the first wins ("room-ended" arrives before the room is deleted),
 * except that an end whose author was unknown learns the name.
 */
export function mergeExit(current: CallExit | null, next: CallExit): CallExit {
  if (!current) return next
  if (current.kind === 'ended' && current.by === null && next.kind === 'ended' && next.by !== null) return next
  return current
}

/** The exit a page was sent with (`navigate(…, { state: { callExit } })`), or null. */
export function exitFromState(state: unknown): CallExit | null {
  if (typeof state !== 'object' || state === null || !('callExit' in state)) return null
  const parsed = callExitSchema.safeParse(state.callExit)
  return parsed.success ? parsed.data : null
}
