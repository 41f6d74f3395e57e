import { ActivityIcon, LayoutDashboardIcon, MailIcon, type LucideIcon } from 'lucide-react'

import { useConfig } from '@/features/config/useConfig'

export interface NavItem {
  to: string
  label: string
  Icon: LucideIcon
  end?: boolean
}

const baseItems: NavItem[] = [
  { to: '/', label: 'Dashboard', Icon: LayoutDashboardIcon, end: true },
  { to: '/status', label: 'Status', Icon: ActivityIcon },
]

const devInboxItem: NavItem = { to: '/dev/mail', label: 'Dev inbox', Icon: MailIcon }

/** Navigation entries; the dev inbox appears only when the server enables it. */
export function useNavItems(): NavItem[] {
  const config = useConfig()
  return config.data?.features?.devInbox === true ? [...baseItems, devInboxItem] : baseItems
}
