import { useMutation } from '@tanstack/react-query'
import { toast } from 'sonner'

import { ApiError } from '@/lib/api'
import { browser } from '@/lib/browser'
import { clearOfflineData } from '@/lib/offline'
import { fetchLogoutUrl } from '@/features/auth/kratos'

/** Asks Kratos for a logout URL and sends the browser there; Kratos ends the session and redirects to /login. */
export function useSignOut() {
  return useMutation({
    mutationFn: () => fetchLogoutUrl(),
    onSuccess: (logoutUrl) => {
      clearOfflineData()
      browser.assign(logoutUrl)
    },
    onError: (err) => {
      // 401: the session is already gone.
      if (err instanceof ApiError && err.status === 401) {
        browser.assign('/login')
        return
      }
      toast.error('Could not sign out', { description: err.message })
    },
  })
}

export type UseSignOutResult = ReturnType<typeof useSignOut>
