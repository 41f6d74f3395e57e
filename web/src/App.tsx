import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { lazy, Suspense } from 'react'
import { BrowserRouter, Route, Routes } from 'react-router'

import { LoadingRows } from '@/components/LoadingRows'
import { UsersPage } from '@/features/admin/UsersPage'
import { AuthLayout } from '@/features/auth/components/AuthLayout'
import { ErrorPage } from '@/features/auth/ErrorPage'
import { LoginPage } from '@/features/auth/LoginPage'
import { RecoveryPage } from '@/features/auth/RecoveryPage'
import { RegistrationPage } from '@/features/auth/RegistrationPage'
import { SettingsPage } from '@/features/auth/SettingsPage'
import { VerificationPage } from '@/features/auth/VerificationPage'
import { DashboardPage } from '@/features/dashboard/DashboardPage'
import { DevMailPage } from '@/features/devmail/DevMailPage'
import { AdminInterviewsPage } from '@/features/interviews/AdminInterviewsPage'
import { EditInterviewPage } from '@/features/interviews/EditInterviewPage'
import { InterviewPage } from '@/features/interviews/InterviewPage'
import { NewInterviewPage } from '@/features/interviews/NewInterviewPage'
import { EditProblemPage } from '@/features/problems/EditProblemPage'
import { NewProblemPage } from '@/features/problems/NewProblemPage'
import { ProblemPage } from '@/features/problems/ProblemPage'
import { ProblemsPage } from '@/features/problems/ProblemsPage'
import { loadReplayPage } from '@/features/replay/load'
import { loadRoomPage } from '@/features/room/load'
import { RequireAuth } from '@/features/session/RequireAuth'
import { RequireRole } from '@/features/session/RequireRole'
import { AppShell } from '@/features/shell/AppShell'
import { NotFoundPage } from '@/features/shell/NotFoundPage'
import { Toaster } from '@/features/shell/Toaster'
import { StatusPage } from '@/features/status/StatusPage'
import type { ThemeController } from '@/features/theme/theme'
import { ThemeProvider } from '@/features/theme/ThemeProvider'

// livekit-client and components-react load only with the room (DESIGN §7: the dashboard stays small).
const RoomPage = lazy(loadRoomPage)
// Automerge (wasm) and the replay's model load only with the replay.
const ReplayPage = lazy(loadReplayPage)

function RoomFallback() {
  return (
    <div className="flex min-h-dvh items-center justify-center text-sm text-muted-foreground" role="status" aria-busy="true">
      Loading the call…
    </div>
  )
}

export function AppRoutes() {
  return (
    <Routes>
      {/* Kratos sends the browser to these pages with ?flow=<id> (or ?id= for /error). */}
      <Route element={<AuthLayout />}>
        <Route path="login" element={<LoginPage />} />
        <Route path="registration" element={<RegistrationPage />} />
        <Route path="recovery" element={<RecoveryPage />} />
        <Route path="verification" element={<VerificationPage />} />
        <Route path="error" element={<ErrorPage />} />
      </Route>
      {/* The call takes the whole screen: it has no app shell. */}
      <Route element={<RequireAuth />}>
        <Route
          path="interviews/:id/room"
          element={
            <Suspense fallback={<RoomFallback />}>
              <RoomPage />
            </Suspense>
          }
        />
      </Route>
      <Route element={<AppShell />}>
        <Route path="status" element={<StatusPage />} />
        <Route path="dev/mail/:id?" element={<DevMailPage />} />
        <Route element={<RequireAuth />}>
          <Route index element={<DashboardPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="interviews/:id" element={<InterviewPage />} />
          <Route element={<RequireRole roles={['interviewer', 'admin']} />}>
            <Route path="interviews/new" element={<NewInterviewPage />} />
            <Route path="interviews/:id/edit" element={<EditInterviewPage />} />
            <Route
              path="interviews/:id/replay"
              element={
                <Suspense fallback={<LoadingRows label="Loading the replay" />}>
                  <ReplayPage />
                </Suspense>
              }
            />
            <Route path="problems" element={<ProblemsPage />} />
            <Route path="problems/new" element={<NewProblemPage />} />
            <Route path="problems/:id" element={<ProblemPage />} />
            <Route path="problems/:id/edit" element={<EditProblemPage />} />
          </Route>
          <Route element={<RequireRole roles={['admin']} />}>
            <Route path="admin/users" element={<UsersPage />} />
            <Route path="interviews" element={<AdminInterviewsPage />} />
          </Route>
        </Route>
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
          <Toaster />
        </BrowserRouter>
      </QueryClientProvider>
    </ThemeProvider>
  )
}
