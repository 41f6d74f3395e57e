import { DownloadIcon, FilmIcon, HistoryIcon, Trash2Icon, TriangleAlertIcon } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'

import { ConfirmDialog } from '@/components/ConfirmDialog'
import { ErrorState } from '@/components/ErrorState'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTime } from '@/features/interviews/time'
import { useNow } from '@/hooks/useNow'

import { downloadUrl, formatBytes, formatClock, playableUrl, recordingSeconds, replayPath, stateLabel, stateVariants, willRetry } from '../format'
import type { Recording, RecordingList } from '../schema'
import { useAutoRecord, useDeleteRecording, useRecordings } from '../useRecordings'

/**
 * The interview page's recordings: each with its state, a player once composed, download and (admins) delete;
 * automatic recording for the owner and admins; the link to the replay. Render it only for interviewers on the
 * interview and admins: it requests the list, which candidates may not see (403).
 */
export function RecordingsSection({ interviewId }: { interviewId: string }) {
  const recordings = useRecordings(interviewId, true)
  const data = recordings.data

  let body
  if (data) {
    body =
      data.recordings.length === 0 ? (
        <p className="text-sm text-muted-foreground" data-testid="recordings-empty">
          No recordings yet.{' '}
          {data.canControl
            ? 'Start one with Record in the call, or record every call automatically.'
            : 'The host can record the call.'}{' '}
          The replay still shows how the code was written.
        </p>
      ) : (
        <ul className="divide-y">
          {data.recordings.map((recording) => (
            <RecordingRow key={recording.id} recording={recording} interviewId={interviewId} canDelete={data.canDelete} />
          ))}
        </ul>
      )
  } else if (recordings.isError) {
    body = <ErrorState error={recordings.error} onRetry={() => void recordings.refetch()} retrying={recordings.isFetching} />
  } else {
    body = (
      <div role="status" aria-label="Loading the recordings">
        <Skeleton className="h-16 w-full" />
      </div>
    )
  }

  return (
    <Card data-testid="recordings">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          <CardTitle className="flex items-center gap-2">
            <FilmIcon className="size-4" aria-hidden="true" />
            Recordings
          </CardTitle>
          <CardDescription>
            Visible to interviewers and admins only.
            {data && data.retentionDays > 0 ? (
              <span data-testid="recordings-retention">
                {' '}
                Kept for {data.retentionDays} {data.retentionDays === 1 ? 'day' : 'days'}, then deleted.
              </span>
            ) : null}
          </CardDescription>
        </div>
        <Button asChild variant="outline" size="sm">
          <Link to={replayPath(interviewId)} data-testid="open-replay">
            <HistoryIcon />
            Open replay
          </Link>
        </Button>
      </CardHeader>
      <CardContent className="space-y-4">
        {data?.canControl ? <AutoRecordSwitch interviewId={interviewId} list={data} /> : null}
        {body}
      </CardContent>
    </Card>
  )
}

function AutoRecordSwitch({ interviewId, list }: { interviewId: string; list: RecordingList }) {
  const autoRecord = useAutoRecord(interviewId)
  return (
    <div className="rounded-lg border px-3 py-2.5">
      <label className="flex items-center gap-2.5 text-sm font-medium">
        <input
          type="checkbox"
          role="switch"
          className="size-4 shrink-0 accent-primary"
          checked={list.autoRecord}
          disabled={autoRecord.isPending}
          aria-describedby="auto-record-hint"
          data-testid="auto-record"
          onChange={(event) => {
            autoRecord.mutate(event.target.checked)
          }}
        />
        Record calls automatically
      </label>
      <p id="auto-record-hint" className="mt-1 pl-6.5 text-xs text-muted-foreground">
        Every call of this interview is recorded without pressing Record; everyone in the call sees that it is.
      </p>
    </div>
  )
}

function RecordingRow({ recording, interviewId, canDelete }: { recording: Recording; interviewId: string; canDelete: boolean }) {
  const started = formatDateTime(recording.startedAt)
  const mediaUrl = playableUrl(recording)
  return (
    <li className="space-y-3 py-4 first:pt-0 last:pb-0" data-testid="recording-row" data-state={recording.state} data-id={recording.id}>
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <StateBadge recording={recording} />
            <span className="font-medium">{started || 'Unknown start'}</span>
          </p>
          <p className="flex flex-wrap gap-x-2 text-xs text-muted-foreground tabular-nums">
            <span>
              <span className="sr-only">Duration </span>
              {recording.state === 'recording' ? <LiveDuration recording={recording} /> : formatClock(recording.durationSeconds)}
            </span>
            <span aria-hidden="true">·</span>
            <span>
              <span className="sr-only">Size </span>
              {formatBytes(recording.sizeBytes)}
            </span>
            <span aria-hidden="true">·</span>
            <span>{recording.startedBy ? `Started by ${recording.startedBy.name || 'someone'}` : 'Started automatically'}</span>
          </p>
        </div>
        {mediaUrl || canDelete ? (
          <div className="flex shrink-0 flex-wrap gap-2">
            {mediaUrl ? (
              <Button asChild variant="outline" size="sm">
                <a href={downloadUrl(mediaUrl)} download data-testid="recording-download">
                  <DownloadIcon />
                  Download
                  <span className="sr-only"> the recording from {started}</span>
                </a>
              </Button>
            ) : null}
            {canDelete ? <DeleteRecordingButton recording={recording} interviewId={interviewId} started={started} /> : null}
          </div>
        ) : null}
      </div>
      {recording.state === 'composing' ? <ComposingProgress progress={recording.progress} /> : null}
      {recording.interrupted ? (
        <p className="text-xs text-muted-foreground" data-testid="recording-interrupted">
          The app stopped while this call was recorded; what was recorded until then is kept.
        </p>
      ) : null}
      <RecordingError recording={recording} />
      {mediaUrl ? (
        <video
          controls
          preload="metadata"
          playsInline
          src={mediaUrl}
          className="aspect-video w-full rounded-lg bg-black"
          aria-label={`Recording from ${started}`}
          data-testid="recording-player"
        />
      ) : null}
    </li>
  )
}

function StateBadge({ recording }: { recording: Recording }) {
  return (
    <Badge variant={stateVariants[recording.state]} data-testid="recording-state" data-state={recording.state}>
      {recording.state === 'recording' ? <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden="true" /> : null}
      {recording.state === 'failed' ? <TriangleAlertIcon aria-hidden="true" /> : null}
      {stateLabel(recording)}
    </Badge>
  )
}

/** The length of a recording under way, counted each second from its start. */
function LiveDuration({ recording }: { recording: Recording }) {
  const now = useNow(1_000)
  return <>{formatClock(recordingSeconds(recording, now))}</>
}

function ComposingProgress({ progress }: { progress: number }) {
  const percent = Math.round(progress * 100)
  return (
    <div
      role="progressbar"
      aria-label="Composing the recording"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className="h-1.5 w-full overflow-hidden rounded-full bg-muted"
      data-testid="recording-progress"
    >
      <div className="h-full rounded-full bg-primary transition-[width]" style={{ width: `${String(percent)}%` }} />
    </div>
  )
}

function RecordingError({ recording }: { recording: Recording }) {
  if (recording.state === 'failed') {
    return (
      <p className="text-sm text-red-700 dark:text-red-400" data-testid="recording-error">
        Could not compose the recording{recording.attempts > 1 ? ` (${String(recording.attempts)} attempts)` : ''}
        {recording.error ? `: ${recording.error}` : '.'}
      </p>
    )
  }
  if (willRetry(recording)) {
    return (
      <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="recording-error">
        Attempt {recording.attempts} failed: {recording.error}. It will retry.
      </p>
    )
  }
  return null
}

function DeleteRecordingButton({ recording, interviewId, started }: { recording: Recording; interviewId: string; started: string }) {
  const [open, setOpen] = useState(false)
  const remove = useDeleteRecording(interviewId)
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next)
        if (!next) remove.reset()
      }}
      trigger={
        <Button variant="ghost" size="sm" data-testid="recording-delete">
          <Trash2Icon />
          Delete
          <span className="sr-only"> the recording from {started}</span>
        </Button>
      }
      title="Delete this recording?"
      description={`The recording from ${started || 'this call'} is deleted for good, for everyone. The chat, notes and code history stay.`}
      cancelLabel="Keep it"
      confirmLabel="Delete recording"
      destructive
      pending={remove.isPending}
      error={remove.isError ? remove.error.message : null}
      testId="recording-delete-dialog"
      onConfirm={() => {
        remove.mutate(recording.id, {
          onSuccess: () => {
            setOpen(false)
          },
        })
      }}
    />
  )
}
