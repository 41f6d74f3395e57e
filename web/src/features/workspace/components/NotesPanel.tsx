import type { Doc, DocHandle } from '@automerge/automerge-repo/slim'
import { ClipboardPasteIcon, EyeOffIcon, MessageSquareTextIcon, Trash2Icon } from 'lucide-react'

import { Button } from '@/components/ui/button'

import type { PlacedAnnotation } from '../annotations'
import type { Signal } from '../api'
import type { NotesDoc } from '../schema'
import { clock, signalText } from '../signals'
import { LiveTextarea } from './LiveTextarea'

/**
 * Interviewers only (the candidate's browser never opens the notes document): private notes, live between
 * interviewers; the remarks on the code with a jump to each; and the candidate's pastes and time away.
 */
export function NotesPanel({
  handle,
  doc,
  annotations,
  lineOf,
  onJump,
  signals,
  readOnly,
}: {
  handle: DocHandle<NotesDoc>
  doc: Doc<NotesDoc>
  annotations: PlacedAnnotation[]
  lineOf: (offset: number) => number
  onJump: (annotation: PlacedAnnotation) => void
  signals: Signal[]
  readOnly: boolean
}) {
  return (
    <div className="flex h-full min-h-0 flex-col overflow-auto" data-testid="notes-panel">
      <section className="flex min-h-56 flex-1 flex-col gap-2 p-3" aria-labelledby="notes-heading">
        <div className="flex items-center gap-2">
          <h2 id="notes-heading" className="text-sm font-semibold">
            Private notes
          </h2>
          <span className="flex items-center gap-1 text-xs text-muted-foreground">
            <EyeOffIcon className="size-3.5" aria-hidden="true" />
            Only interviewers see these
          </span>
        </div>
        <LiveTextarea
          handle={handle}
          field="text"
          value={doc.text}
          readOnly={readOnly}
          aria-labelledby="notes-heading"
          placeholder="What you notice, live with the other interviewers…"
          data-testid="notes-editor"
          className="min-h-40 flex-1 resize-none text-sm"
        />
      </section>
      <section className="border-t p-3" aria-labelledby="remarks-heading">
        <h2 id="remarks-heading" className="mb-2 text-sm font-semibold">
          Remarks on the code
        </h2>
        {annotations.length === 0 ? (
          <p className="text-xs text-muted-foreground">Select code in the editor and choose “Add remark”.</p>
        ) : (
          <ul className="space-y-1">
            {annotations.map((a) => (
              <li key={a.id} className="flex items-start gap-1" data-testid="annotation-row" data-annotation-id={a.id}>
                <button
                  type="button"
                  className="flex min-w-0 flex-1 items-start gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
                  onClick={() => {
                    onJump(a)
                  }}
                  data-testid="annotation-jump"
                >
                  <MessageSquareTextIcon className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
                  <span className="min-w-0 flex-1">
                    <span className="block text-xs text-muted-foreground" data-testid="annotation-line">
                      Line {lineOf(a.start)} · {a.annotation.authorName || 'Interviewer'}
                    </span>
                    <span className="block break-words" data-testid="annotation-text">
                      {a.annotation.text}
                    </span>
                  </span>
                </button>
                {readOnly ? null : (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Delete the remark “${a.annotation.text}”`}
                    onClick={() => {
                      handle.change((d) => {
                        if (d.annotations) Reflect.deleteProperty(d.annotations, a.id)
                      })
                    }}
                  >
                    <Trash2Icon />
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="border-t p-3" aria-labelledby="signals-heading" data-testid="signals">
        <h2 id="signals-heading" className="mb-1 text-sm font-semibold">
          Candidate activity
        </h2>
        <p className="mb-2 text-xs text-muted-foreground">
          Facts with their times, also shown to the candidate. Pastes into the editor and time away from the page.
        </p>
        {signals.length === 0 ? (
          <p className="text-xs text-muted-foreground">Nothing yet.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {signals.map((s) => (
              <li key={s.id} className="flex items-center gap-2" data-testid="signal-row" data-kind={s.kind}>
                {s.kind === 'paste' ? (
                  <ClipboardPasteIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                ) : (
                  <EyeOffIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                )}
                <span className="tabular-nums text-muted-foreground">{clock(s.at)}</span>
                <span>{signalText(s)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
