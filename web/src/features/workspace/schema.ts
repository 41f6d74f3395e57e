/** The interview's three Automerge documents as the Go server creates them (collab.CreateInterviewDocs). */

export const LANGUAGES = ['javascript', 'python', 'java'] as const
export type Language = (typeof LANGUAGES)[number]

export const LANGUAGE_LABELS: Record<Language, string> = { javascript: 'JavaScript', python: 'Python', java: 'Java' }

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** `code`: what the candidate writes. Everyone on the interview reads and edits it. */
export type CodeDoc = {
  language: string
  source: string
  problemId: string
}

/** `problem`: the statement and starter code; interviewers edit it, and the server resets it for another problem. */
export type ProblemDoc = {
  title: string
  statement: string
  starter: Partial<Record<Language, string>>
}

/**
 * An interviewer's remark on a range of the code, anchored with Automerge cursors of the code document's `source`
 * (so it moves with the code); kept in the notes document, which the candidate's browser never receives.
 */
export type Annotation = {
  start: string
  end: string
  text: string
  authorId: string
  authorName: string
  createdAt: string
}

/** `notes`: interviewers only. */
export type NotesDoc = {
  text: string
  annotations?: Record<string, Annotation>
}

/** The starter code of `language`, '' when the problem has none. */
export function starterOf(problem: ProblemDoc | undefined, language: Language): string {
  return problem?.starter[language] ?? ''
}

/** Whether `source` is still (or again) some language's starter code, so a language switch loses nothing. */
export function isStarter(problem: ProblemDoc | undefined, source: string): boolean {
  if (source.trim() === '') return true
  return LANGUAGES.some((language) => starterOf(problem, language) === source)
}

/** Who is looking at the documents, and so what they may do. */
export type WorkspaceRole = 'candidate' | 'interviewer' | 'reviewer'

export function canEdit(role: WorkspaceRole): boolean {
  return role !== 'reviewer'
}

/** Interviewers (not the candidate, not a reviewing admin) switch the language, edit the problem, keep notes. */
export function isInterviewer(role: WorkspaceRole): boolean {
  return role === 'interviewer'
}
