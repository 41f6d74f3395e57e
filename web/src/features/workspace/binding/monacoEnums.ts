/**
 * The few Monaco enum values the binding needs. Monaco's enums are runtime objects, and this module must not load
 * Monaco at runtime (it runs in Vitest without it), so these are their numbers from monaco-editor 0.57
 * (esm/vs/editor/common/standalone/standaloneEnums.js), checked against that file by monacoEnums.test.ts.
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment -- numbers typed as Monaco's enums, see above */
import type * as monaco from 'monaco-editor'

export const EOL_LF = 0 as monaco.editor.EndOfLineSequence
/** A click or a cursor key moved the caret. */
export const REASON_EXPLICIT = 3 as monaco.editor.CursorChangeReason
export const WIDGET_ABOVE = 1 as monaco.editor.ContentWidgetPositionPreference
export const WIDGET_BELOW = 2 as monaco.editor.ContentWidgetPositionPreference
export const NEVER_GROWS_WHEN_TYPING_AT_EDGES = 1 as monaco.editor.TrackedRangeStickiness
