import { CalendarPlusIcon } from 'lucide-react'
import { Link } from 'react-router'

import { Button } from '@/components/ui/button'
import type { User } from '@/features/session/schema'

import { InstantInterviewDialog } from './InstantInterviewDialog'

/** "Schedule interview" and "Start instant interview": interviewers and admins only. */
export function ScheduleActions({ me }: { me: User }) {
  if (me.role === 'candidate') return null
  return (
    <div className="flex flex-wrap items-center gap-2">
      <InstantInterviewDialog me={me} />
      <Button asChild>
        <Link to="/interviews/new" data-testid="schedule-button">
          <CalendarPlusIcon />
          Schedule interview
        </Link>
      </Button>
    </div>
  )
}
