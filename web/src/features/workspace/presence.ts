/**
 * Cursor colours: distinct on light and dark backgrounds, and dark enough that the white name labels drawn on them
 * reach 4.5:1 (Tailwind's 700 shades).
 */
export const CURSOR_COLORS = ['#be123c', '#1d4ed8', '#047857', '#b45309', '#6d28d9', '#0e7490', '#a21caf', '#4d7c0f'] as const

/** A participant's colour, the same on every screen (from their user id). */
export function colorFor(userId: string): string {
  let hash = 0
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0
  return CURSOR_COLORS[hash % CURSOR_COLORS.length] ?? CURSOR_COLORS[0]
}
