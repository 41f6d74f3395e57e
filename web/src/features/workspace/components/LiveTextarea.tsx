import { splice } from '@automerge/automerge/slim'
import type { DocHandle } from '@automerge/automerge-repo/slim'
import { useEffect, useRef, type ComponentProps } from 'react'

import { Textarea } from '@/components/ui/textarea'

import { changedSpan, moveCaret } from '../liveText'

type Props<T extends Record<string, unknown>> = Omit<ComponentProps<'textarea'>, 'value' | 'defaultValue' | 'onChange'> & {
  handle: DocHandle<T>
  /** The text field's key at the document's root. */
  field: string
  value: string
  readOnly?: boolean
}

/**
 * A textarea bound to a text field of a document, for prose (notes, the problem statement): each input becomes one
 * splice of the span it changed; someone else's edit replaces the value and keeps our caret where
 * it belongs. Uncontrolled, so React never moves the caret.
 */
export function LiveTextarea<T extends Record<string, unknown>>({ handle, field, value, readOnly, ...props }: Props<T>) {
  const ref = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el || el.value === value) return
    const before = el.value
    const focused = document.activeElement === el
    const start = moveCaret(before, value, el.selectionStart)
    const end = moveCaret(before, value, el.selectionEnd)
    el.value = value
    if (focused) el.setSelectionRange(start, end)
  }, [value])
  return (
    <Textarea
      ref={ref}
      defaultValue={value}
      readOnly={readOnly}
      onChange={(event) => {
        const next = event.currentTarget.value.replace(/\r\n?/g, '\n')
        handle.change((doc) => {
          const current = (doc as Record<string, unknown>)[field]
          const { start, deleteCount, insert } = changedSpan(typeof current === 'string' ? current : '', next)
          if (deleteCount > 0 || insert) splice(doc, [field], start, deleteCount, insert)
        })
      }}
      {...props}
    />
  )
}
