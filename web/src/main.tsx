import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

import { App } from '@/App'
import { browserThemeEnv, createThemeController } from '@/features/theme/theme'
import { registerOfflineSupport } from '@/lib/offline'
import { createQueryClient } from '@/lib/query-client'

import './index.css'

const root = document.getElementById('root')
if (!root) throw new Error('#root is missing from index.html')

createRoot(root).render(
  <StrictMode>
    <App queryClient={createQueryClient()} theme={createThemeController(browserThemeEnv())} />
  </StrictMode>,
)

registerOfflineSupport()
