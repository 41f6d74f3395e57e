import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'

import { createThemeController } from '@/features/theme/theme'
import { ThemeProvider } from '@/features/theme/ThemeProvider'

import { fakeThemeEnv } from './fakes'

export function renderWithProviders(ui: ReactNode, { route = '/' }: { route?: string } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const theme = createThemeController(fakeThemeEnv().env)
  const result = render(
    <ThemeProvider controller={theme}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
      </QueryClientProvider>
    </ThemeProvider>,
  )
  return { ...result, queryClient }
}
