import { useLocation } from 'react-router'
import { Toaster as Sonner } from 'sonner'

import { useTheme } from '@/features/theme/useTheme'

/** The call's controls sit at the bottom of the room: there, notices come in at the top instead of covering them. */
const ROOM_PATH = /^\/interviews\/[^/]+\/room\/?$/

export function Toaster() {
  const { resolved } = useTheme()
  const { pathname } = useLocation()
  const position = ROOM_PATH.test(pathname) ? 'top-center' : 'bottom-right'
  return <Sonner theme={resolved} richColors closeButton position={position} />
}
