import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'

import { createThemeController } from '@/features/theme/theme'
import { ThemeProvider } from '@/features/theme/ThemeProvider'

import { fakeThemeEnv } from './fakes'

/** `state` is the router's location state of the first entry (what `navigate(to, { state })` passes). */
export function renderWithProviders(ui: ReactNode, { route = '/', state }: { route?: string; state?: unknown } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const theme = createThemeController(fakeThemeEnv().env)
  const result = render(
    <ThemeProvider controller={theme}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[state === undefined ? route : { pathname: route, state }]}>{ui}</MemoryRouter>
      </QueryClientProvider>
    </ThemeProvider>,
  )
  return { ...result, queryClient }
}
