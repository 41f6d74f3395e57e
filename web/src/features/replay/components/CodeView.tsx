import { memo, useMemo, type CSSProperties } from 'react'

import { LANGUAGE_LABELS, isLanguage } from '@/features/workspace/schema'

import { authorRuns, type CodeState } from '../model/code'

export interface CodeViewProps {
  state: CodeState
  /** Per actor index of `state.authors`: the user id ("" for the server, undefined when unknown). */
  userOf: readonly (string | undefined)[]
  colorOf: (userId: string | undefined) => string
  nameOf: (userId: string) => string
}

/**
 * The code at t, read-only: a `<pre>` of one span per run of one author (coloured underline and tint; the text keeps
 * the foreground colour) and a separate gutter of line numbers, so the `<pre>`'s text is exactly the code. Memoised
 * on the state, which changes only when a change is crossed.
 */
export const CodeView = memo(function CodeView({ state, userOf, colorOf, nameOf }: CodeViewProps) {
  const runs = useMemo(() => authorRuns(state), [state])
  const lines = useMemo(() => {
    let count = 1
    for (let i = 0; i < state.text.length; i++) if (state.text.charCodeAt(i) === 10) count++
    return Array.from({ length: count }, (_, i) => i + 1).join('\n')
  }, [state.text])
  const language = isLanguage(state.language) ? LANGUAGE_LABELS[state.language] : state.language
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <p className="border-b px-3 py-1.5 text-xs text-muted-foreground" data-testid="replay-language">
        {language || 'No language'} · {state.index} changes
      </p>
      <div
        className="flex min-h-0 flex-1 overflow-auto bg-background font-mono text-[13px] leading-5"
        tabIndex={0}
        role="region"
        aria-label="Code at this moment"
      >
        <pre aria-hidden="true" className="sticky left-0 shrink-0 border-r bg-muted/50 px-2 py-2 text-right text-muted-foreground select-none">
          {lines}
        </pre>
        <pre data-testid="replay-code" className="min-w-0 flex-1 px-3 py-2">
          {runs.map((run, i) => {
            const userId = userOf[run.author]
            const style = { '--author': colorOf(userId) } as CSSProperties
            return (
              <span
                key={i}
                data-testid="replay-author"
                data-author={userId ?? ''}
                title={userId === undefined ? 'Someone' : userId === '' ? 'Starter code' : nameOf(userId)}
                style={style}
                className="bg-[color-mix(in_oklab,var(--author)_14%,transparent)] underline decoration-(--author) decoration-2 underline-offset-[3px]"
              >
                {run.text}
              </span>
            )
          })}
        </pre>
      </div>
    </div>
  )
})
