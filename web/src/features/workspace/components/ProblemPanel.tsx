import type { Doc, DocHandle } from '@automerge/automerge-repo/slim'
import { PencilIcon, EyeIcon, ReplaceIcon } from 'lucide-react'
import { useState } from 'react'

import { ConfirmDialog } from '@/components/ConfirmDialog'
import { Markdown } from '@/components/Markdown'
import { Button } from '@/components/ui/button'
import { ProblemPicker } from '@/features/interviews/components/ProblemPicker'
import type { ProblemOption } from '@/features/interviews/schema'

import { usePickProblem } from '../api'
import type { ProblemDoc } from '../schema'
import { LiveTextarea } from './LiveTextarea'

/**
 * The problem document as Markdown. Interviewers switch to edit it live, and pick another problem from the bank
 * (the server resets the statement and the starter code for everyone, after a confirmation).
 */
export function ProblemPanel({
  interviewId,
  handle,
  doc,
  interviewer,
}: {
  interviewId: string
  handle: DocHandle<ProblemDoc>
  doc: Doc<ProblemDoc>
  interviewer: boolean
}) {
  const [editing, setEditing] = useState(false)
  const [picking, setPicking] = useState(false)
  const [choice, setChoice] = useState<ProblemOption | null>(null)
  const pick = usePickProblem(interviewId)

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="problem-panel">
      <div className="flex min-h-11 items-center gap-2 border-b px-3 py-1.5">
        <h2 className="min-w-0 flex-1 truncate text-sm font-semibold" data-testid="problem-title">
          {doc.title || 'No problem chosen'}
        </h2>
        {interviewer ? (
          <>
            <Button
              variant="ghost"
              size="sm"
              aria-pressed={editing}
              data-testid="problem-edit-toggle"
              onClick={() => {
                setEditing((e) => !e)
              }}
            >
              {editing ? <EyeIcon /> : <PencilIcon />}
              {editing ? 'Preview' : 'Edit'}
            </Button>
            <Button
              variant="ghost"
              size="sm"
              data-testid="problem-change"
              onClick={() => {
                setChoice(null)
                pick.reset()
                setPicking(true)
              }}
            >
              <ReplaceIcon />
              Change
            </Button>
          </>
        ) : null}
      </div>
      <div className="min-h-0 flex-1 overflow-auto p-4">
        {editing ? (
          <LiveTextarea
            handle={handle}
            field="statement"
            value={doc.statement}
            aria-label="Problem statement (Markdown)"
            data-testid="problem-editor"
            className="h-full min-h-64 resize-none font-mono text-sm"
          />
        ) : doc.statement.trim() ? (
          <Markdown source={doc.statement} className="prose-sm" testId="problem-statement" />
        ) : (
          <p className="text-sm text-muted-foreground" data-testid="problem-statement">
            {interviewer ? 'No statement yet. Edit it here, or pick a problem from the bank.' : 'No problem statement yet.'}
          </p>
        )}
      </div>
      <ConfirmDialog
        open={picking}
        onOpenChange={setPicking}
        title="Change the problem for everyone?"
        description="The statement and the starter code are replaced for everyone in the room, and the code written so far is replaced by the new starter code. The interview's history keeps the old content."
        confirmLabel="Change problem"
        pending={pick.isPending}
        error={pick.isError ? pick.error.message : null}
        testId="problem-change-dialog"
        onConfirm={() => {
          if (!choice) return
          pick.mutate(choice.id, {
            onSuccess: () => {
              setPicking(false)
            },
          })
        }}
      >
        <ProblemPicker value={choice} onChange={setChoice} />
      </ConfirmDialog>
    </div>
  )
}
