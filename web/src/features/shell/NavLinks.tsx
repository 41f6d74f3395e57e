import { NavLink } from 'react-router'

import { cn } from '@/lib/utils'

import type { NavItem } from './useNavItems'

export function NavLinks({
  items,
  orientation,
  onNavigate,
}: {
  items: NavItem[]
  orientation: 'horizontal' | 'vertical'
  onNavigate?: () => void
}) {
  return (
    <>
      {items.map(({ to, label, Icon, end }) => (
        <NavLink
          key={to}
          to={to}
          end={end}
          onClick={onNavigate}
          data-testid={`nav-${to === '/' ? 'dashboard' : to.slice(1).replaceAll('/', '-')}`}
          className={({ isActive }) =>
            cn(
              'flex items-center gap-2 rounded-md text-sm font-medium text-muted-foreground transition-colors outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50',
              orientation === 'horizontal' ? 'h-8 px-3' : 'h-10 px-3',
              isActive && 'bg-accent text-foreground',
            )
          }
        >
          {orientation === 'vertical' ? <Icon className="size-4" /> : null}
          {label}
        </NavLink>
      ))}
    </>
  )
}
