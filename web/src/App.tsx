import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { BrowserRouter, Route, Routes } from 'react-router'

import { DashboardPage } from '@/features/dashboard/DashboardPage'
import { DevMailPage } from '@/features/devmail/DevMailPage'
import { AppShell } from '@/features/shell/AppShell'
import { NotFoundPage } from '@/features/shell/NotFoundPage'
import { Toaster } from '@/features/shell/Toaster'
import { StatusPage } from '@/features/status/StatusPage'
import type { ThemeController } from '@/features/theme/theme'
import { ThemeProvider } from '@/features/theme/ThemeProvider'

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<DashboardPage />} />
        <Route path="status" element={<StatusPage />} />
        <Route path="dev/mail/:id?" element={<DevMailPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}

export function App({ queryClient, theme }: { queryClient: QueryClient; theme: ThemeController }) {
  return (
    <ThemeProvider controller={theme}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
        <Toaster />
      </QueryClientProvider>
    </ThemeProvider>
  )
}
