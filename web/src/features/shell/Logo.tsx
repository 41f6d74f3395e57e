import { CodeXmlIcon } from 'lucide-react'
import { Link } from 'react-router'

export function Logo() {
  return (
    <Link to="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
      <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <CodeXmlIcon className="size-4" />
      </span>
      <span>Interview-Prep</span>
    </Link>
  )
}
