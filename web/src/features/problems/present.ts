import type { BadgeVariant } from '@/components/ui/badge'

import type { Difficulty, Language } from './schema'

export const difficultyLabels: Record<Difficulty, string> = { easy: 'Easy', medium: 'Medium', hard: 'Hard' }

export const difficultyVariants: Record<Difficulty, BadgeVariant> = {
  easy: 'success',
  medium: 'warning',
  hard: 'destructive',
}

export const languageLabels: Record<Language, string> = { javascript: 'JavaScript', python: 'Python', java: 'Java' }

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** 2000 → "2 s", 250 → "250 ms". */
export function formatTimeLimit(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${String(ms / 1000)} s` : `${String(ms)} ms`
}
