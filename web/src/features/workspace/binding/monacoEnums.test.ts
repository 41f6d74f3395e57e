import { expect, test } from 'vitest'

import { EOL_LF, NEVER_GROWS_WHEN_TYPING_AT_EDGES, REASON_EXPLICIT, WIDGET_ABOVE, WIDGET_BELOW } from './monacoEnums'

type Enum = Record<string, number>
interface Enums {
  EndOfLineSequence: Enum
  CursorChangeReason: Enum
  ContentWidgetPositionPreference: Enum
  TrackedRangeStickiness: Enum
}

test('our copies of Monaco enum values match monaco-editor', async () => {
  // monaco-editor's generated enums: plain objects, no imports (loading them doesn't load the editor). The file has
  // no typings, hence the specifier in a variable.
  const specifier = 'monaco-editor/editor/common/standalone/standaloneEnums.js'
  const enums = (await import(/* @vite-ignore */ specifier)) as Enums
  expect(EOL_LF).toBe(enums.EndOfLineSequence.LF)
  expect(REASON_EXPLICIT).toBe(enums.CursorChangeReason.Explicit)
  expect(WIDGET_ABOVE).toBe(enums.ContentWidgetPositionPreference.ABOVE)
  expect(WIDGET_BELOW).toBe(enums.ContentWidgetPositionPreference.BELOW)
  expect(NEVER_GROWS_WHEN_TYPING_AT_EDGES).toBe(enums.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges)
})
