import type { ReactNode } from 'react'

import { ThemeContext } from './context'
import type { ThemeController } from './theme'

export function ThemeProvider({ controller, children }: { controller: ThemeController; children: ReactNode }) {
  return <ThemeContext value={controller}>{children}</ThemeContext>
}
