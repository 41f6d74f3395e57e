import { ActivityIcon, BookOpenIcon, CalendarDaysIcon, LayoutDashboardIcon, MailIcon, type LucideIcon } from 'lucide-react'

import { useConfig } from '@/features/config/useConfig'
import { useMe } from '@/features/session/useMe'

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

const allInterviewsItem: NavItem = { to: '/interviews', label: 'Interviews', Icon: CalendarDaysIcon, end: true }

const problemsItem: NavItem = { to: '/problems', label: 'Problems', Icon: BookOpenIcon }

/**
 * Navigation entries; the dev inbox appears only when the server enables it, all interviews only for admins, the
 * question bank for interviewers and admins.
 */
export function useNavItems(): NavItem[] {
  const config = useConfig()
  const me = useMe()
  const items = [...baseItems]
  if (me.data?.role === 'admin') items.splice(1, 0, allInterviewsItem)
  // The question bank, before Status; candidates see their problem only in their interview.
  if (me.data?.role === 'interviewer' || me.data?.role === 'admin') items.splice(items.length - 1, 0, problemsItem)
  if (config.data?.features?.devInbox === true) items.push(devInboxItem)
  return items
}
