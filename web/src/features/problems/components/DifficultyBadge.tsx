import { Badge } from '@/components/ui/badge'

import { difficultyLabels, difficultyVariants } from '../present'
import type { Difficulty } from '../schema'

export function DifficultyBadge({ difficulty }: { difficulty: Difficulty }) {
  return (
    <Badge variant={difficultyVariants[difficulty]} data-testid="problem-difficulty" data-difficulty={difficulty}>
      {difficultyLabels[difficulty]}
    </Badge>
  )
}
