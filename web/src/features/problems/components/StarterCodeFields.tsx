import { FormField as Field } from '@/components/FormField'
import { Textarea } from '@/components/ui/textarea'
import { fieldAria } from '@/lib/forms'

import type { ProblemFieldErrors } from '../form'
import { languageLabels } from '../present'
import { LANGUAGES, type Language, type Starter } from '../schema'

/** One code box per language: what the candidate starts from. */
export function StarterCodeFields({
  starter,
  errors,
  onChange,
}: {
  starter: Starter
  errors: ProblemFieldErrors
  onChange: (lang: Language, code: string) => void
}) {
  return (
    <fieldset className="space-y-4">
      <legend className="mb-1 text-sm font-medium">Starter code</legend>
      <p className="text-xs text-muted-foreground">
        What the candidate starts from in each language: read standard input, call an unfinished function, print the
        result.
      </p>
      <div className="grid gap-6 lg:grid-cols-3">
        {LANGUAGES.map((lang) => {
          const name = `starter.${lang}`
          return (
            <Field key={lang} name={name} label={languageLabels[lang]} htmlFor={`problem-starter-${lang}`} error={errors[name]}>
              <Textarea
                id={`problem-starter-${lang}`}
                code
                rows={14}
                value={starter[lang]}
                {...fieldAria(name, errors[name])}
                onChange={(event) => {
                  onChange(lang, event.target.value)
                }}
              />
            </Field>
          )
        })}
      </div>
    </fieldset>
  )
}
