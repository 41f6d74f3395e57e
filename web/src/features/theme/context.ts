import { createContext } from 'react'

import type { ThemeController } from './theme'

export const ThemeContext = createContext<ThemeController | null>(null)
