import { Toaster as Sonner } from 'sonner'

import { useTheme } from '@/features/theme/useTheme'

export function Toaster() {
  const { resolved } = useTheme()
  return <Sonner theme={resolved} richColors closeButton position="bottom-right" />
}
