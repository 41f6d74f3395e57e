import { useState } from 'react'

import { FormField as Field } from '@/components/FormField'
import { Markdown } from '@/components/Markdown'
import { Button } from '@/components/ui/button'
import { Textarea } from '@/components/ui/textarea'
import { fieldAria } from '@/lib/forms'

import { chars } from '../form'
import { LIMITS } from '../schema'

/** The statement in Markdown, with a Preview that renders it as the problem page will. */
export function StatementField({ value, error, onChange }: { value: string; error?: string; onChange: (value: string) => void }) {
  const [preview, setPreview] = useState(false)

  return (
    <Field
      name="statement"
      label={
        <span className="flex w-full items-center justify-between gap-2">
          Statement (Markdown)
          <Button
            type="button"
            variant="ghost"
            size="sm"
            data-testid="statement-preview-toggle"
            onClick={() => {
              setPreview((p) => !p)
            }}
          >
            {preview ? 'Edit' : 'Preview'}
          </Button>
        </span>
      }
      htmlFor="problem-statement-input"
      error={error}
      hint={`${chars(value).toLocaleString('en')} / ${LIMITS.statement.toLocaleString('en')} characters. Headings, lists, tables, **bold**, \`code\` and fenced code blocks.`}
    >
      {preview ? (
        <div className="min-h-64 rounded-md border p-4" data-testid="statement-preview">
          <Markdown source={value} />
        </div>
      ) : (
        <Textarea
          id="problem-statement-input"
          code
          rows={16}
          value={value}
          {...fieldAria('statement', error)}
          onChange={(event) => {
            onChange(event.target.value)
          }}
        />
      )}
    </Field>
  )
}
