import { Skeleton } from '@/components/ui/skeleton'

/** Placeholder rows while a list loads, announced as busy to assistive technology. */
export function LoadingRows({ label, rows = 5 }: { label: string; rows?: number }) {
  return (
    <div className="space-y-2" role="status" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-14 w-full rounded-lg" />
      ))}
    </div>
  )
}
