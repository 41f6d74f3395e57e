import { useContext, useSyncExternalStore } from 'react'

import { ThemeContext } from './context'
import type { Theme, ThemeSnapshot } from './theme'

export function useTheme(): ThemeSnapshot & { setTheme: (theme: Theme) => void } {
  const controller = useContext(ThemeContext)
  if (!controller) throw new Error('useTheme must be used inside <ThemeProvider>')
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot)
  return { ...snapshot, setTheme: controller.setTheme }
}

export type UseThemeResult = ReturnType<typeof useTheme>
