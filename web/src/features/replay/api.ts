import { load } from '@automerge/automerge/slim'
import { useQuery } from '@tanstack/react-query'

import type { Interview } from '@/features/interviews/schema'
import { loadAutomerge } from '@/features/workspace/automerge'
import type { CodeDoc, NotesDoc, ProblemDoc } from '@/features/workspace/schema'
import { api } from '@/lib/api'

import { replayKeys } from './keys'
import { replayChanges } from './model/changes'
import { CodeTrack } from './model/code'
import { DocTrack, readNotes, readProblem, type NotesView, type ProblemView } from './model/docs'
import { historyAuthorsSchema, type HistoryAuthors } from './schema'

/** The document id of an automerge URL ("automerge:<id>" → "<id>"). */
function docId(url: string): string {
  return url.startsWith('automerge:') ? url.slice('automerge:'.length) : url
}

/** A document through its history, with who made each actor's changes. */
export interface Tracked<Track> {
  track: Track
  authors: HistoryAuthors
}

export interface ReplayDocs {
  code: Tracked<CodeTrack>
  problem: Tracked<DocTrack<ProblemDoc, ProblemView>> | null
  notes: Tracked<DocTrack<NotesDoc, NotesView>> | null
}

async function fetchDoc(url: string, signal?: AbortSignal) {
  const path = `/api/collab/docs/${encodeURIComponent(docId(url))}`
  const [bytes, history] = await Promise.all([
    api.bytes(`${path}/binary`, { signal }),
    api.get(`${path}/history`, historyAuthorsSchema, { signal }),
  ])
  return { bytes, authors: history.authors }
}

/** The problem and notes documents are shown when they load; the replay goes on without them. */
async function optional<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    return null
  }
}

/** Loads the interview's three documents (whole, with their authors) and builds their replay tracks. */
export async function loadReplayDocs(docs: NonNullable<Interview['docs']>, signal?: AbortSignal): Promise<ReplayDocs> {
  await loadAutomerge()
  const [code, problem, notes] = await Promise.all([
    fetchDoc(docs.code, signal),
    optional(fetchDoc(docs.problem, signal)),
    docs.notes ? optional(fetchDoc(docs.notes, signal)) : Promise.resolve(null),
  ])
  return {
    code: { track: new CodeTrack(replayChanges(load<CodeDoc>(code.bytes))), authors: code.authors },
    problem: problem ? { track: new DocTrack(load<ProblemDoc>(problem.bytes), readProblem), authors: problem.authors } : null,
    notes: notes ? { track: new DocTrack(load<NotesDoc>(notes.bytes), readNotes), authors: notes.authors } : null,
  }
}

/** The documents of `interview`, loaded once (a finished interview's history does not change; a reload refetches). */
export function useReplayDocs(interview: Interview) {
  const docs = interview.docs
  const urls = docs ? [docs.code, docs.problem, docs.notes ?? ''] : []
  return useQuery({
    queryKey: replayKeys.docs(interview.id, urls),
    queryFn: ({ signal }) => {
      if (!docs) throw new Error('This interview has no documents to replay.')
      return loadReplayDocs(docs, signal)
    },
    enabled: docs !== null,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    structuralSharing: false,
  })
}
