import { EyeOffIcon, LoaderCircleIcon, PlusIcon, Trash2Icon } from 'lucide-react'
import { useState, type SubmitEvent } from 'react'

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { NativeSelect } from '@/components/ui/native-select'
import { ApiError } from '@/lib/api'

import {
  byteLength,
  chars,
  newTestCase,
  parseTags,
  shiftTestErrors,
  validateProblem,
  type ProblemFieldErrors,
  type ProblemFormValues,
  type TestCaseValues,
} from '../form'
import { difficultyLabels, formatBytes, languageLabels } from '../present'
import { DIFFICULTIES, LANGUAGES, LIMITS, type Language } from '../schema'
import { FormField as Field } from '@/components/FormField'
import { fieldErrorId } from '@/lib/forms'
import { Textarea } from '@/components/ui/textarea'
import { Markdown } from './Markdown'

/** Server `fields` keys the form shows next to a field; any other key is listed above the form. */
function isFormKey(key: string): boolean {
  return (
    ['title', 'difficulty', 'tags', 'statement', 'tests', 'timeLimitMs'].includes(key) ||
    /^starter\.(javascript|python|java)$/.test(key) ||
    /^tests\.\d+\.(name|input|expected)$/.test(key)
  )
}

/**
 * Create or edit a problem. `onSubmit` sends the request; an ApiError's `fields` are shown next to their fields
 * (test-case errors next to their case), and the values stay as typed.
 */
export function ProblemForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: ProblemFormValues
  submitLabel: string
  onSubmit: (values: ProblemFormValues) => Promise<unknown>
  onCancel?: () => void
}) {
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<ProblemFieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [preview, setPreview] = useState(false)

  const clear = (...keys: string[]) => {
    setErrors((current) => {
      if (!keys.some((key) => current[key] !== undefined)) return current
      const next = { ...current }
      for (const key of keys) next[key] = undefined
      return next
    })
  }
  const set = <K extends keyof ProblemFormValues>(key: K, value: ProblemFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }))
    clear(key)
  }
  const setStarter = (lang: Language, code: string) => {
    setValues((current) => ({ ...current, starter: { ...current.starter, [lang]: code } }))
    clear(`starter.${lang}`)
  }
  const setTest = (index: number, patch: Partial<TestCaseValues>) => {
    setValues((current) => ({
      ...current,
      tests: current.tests.map((test, i) => (i === index ? { ...test, ...patch } : test)),
    }))
    clear(...Object.keys(patch).map((field) => `tests.${String(index)}.${field}`))
  }
  const addTest = () => {
    setValues((current) => ({
      ...current,
      tests: [...current.tests, newTestCase({ name: `test ${String(current.tests.length + 1)}` })],
    }))
    clear('tests')
  }
  const removeTest = (index: number) => {
    setValues((current) => ({ ...current, tests: current.tests.filter((_, i) => i !== index) }))
    setErrors((current) => shiftTestErrors(current, index))
  }

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault()
    setFormError(null)
    const local = validateProblem(values)
    setErrors(local)
    if (Object.keys(local).length > 0) {
      setFormError('Please correct the highlighted fields.')
      return
    }
    setPending(true)
    try {
      await onSubmit(values)
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fields ?? {}
        const byField: ProblemFieldErrors = {}
        const other: string[] = []
        for (const [key, message] of Object.entries(fields)) {
          if (isFormKey(key)) byField[key] = message
          else other.push(`${key}: ${message}`)
        }
        setErrors(byField)
        setFormError([err.message, ...other].join(' · '))
      } else {
        setFormError(err instanceof Error ? err.message : 'Could not save the problem')
      }
    } finally {
      setPending(false)
    }
  }

  const invalid = (key: string) => (errors[key] ? true : undefined)
  const describe = (key: string) => (errors[key] ? fieldErrorId(key) : undefined)
  const tags = parseTags(values.tags)
  const hiddenCount = values.tests.filter((test) => test.hidden).length

  return (
    <form
      noValidate
      className="space-y-8"
      data-testid="problem-form"
      onSubmit={(event) => {
        void submit(event)
      }}
    >
      {formError ? (
        <Alert variant="destructive" data-testid="problem-form-error">
          <AlertTitle>Could not save the problem</AlertTitle>
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-6 md:grid-cols-[1fr_12rem]">
        <Field name="title" label="Title" htmlFor="problem-title-input" error={errors.title} hint="The slug in links is made from it when the problem is created.">
          <Input
            id="problem-title-input"
            value={values.title}
            maxLength={LIMITS.title}
            placeholder="Merge Overlapping Meetings"
            aria-invalid={invalid('title')}
            aria-describedby={describe('title')}
            onChange={(event) => {
              set('title', event.target.value)
            }}
          />
        </Field>
        <Field name="difficulty" label="Difficulty" htmlFor="problem-difficulty-input" error={errors.difficulty}>
          <NativeSelect
            id="problem-difficulty-input"
            value={values.difficulty}
            aria-invalid={invalid('difficulty')}
            aria-describedby={describe('difficulty')}
            onChange={(event) => {
              set('difficulty', event.target.value as ProblemFormValues['difficulty'])
            }}
          >
            <option value="">Choose…</option>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>
                {difficultyLabels[d]}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>

      <div className="grid gap-6 md:grid-cols-[1fr_12rem]">
        <Field
          name="tags"
          label="Tags"
          htmlFor="problem-tags-input"
          error={errors.tags}
          hint={`Separated by commas or spaces; lowercase letters, digits and hyphens; up to ${String(LIMITS.tags)}.${
            tags.length > 0 ? ` Saved as: ${tags.join(', ')}` : ''
          }`}
        >
          <Input
            id="problem-tags-input"
            value={values.tags}
            placeholder="arrays, two-pointers"
            aria-invalid={invalid('tags')}
            aria-describedby={describe('tags')}
            onChange={(event) => {
              set('tags', event.target.value)
            }}
          />
        </Field>
        <Field
          name="timeLimitMs"
          label="Time limit (ms)"
          htmlFor="problem-time-input"
          error={errors.timeLimitMs}
          hint={`${String(LIMITS.minTimeLimitMs)}–${LIMITS.maxTimeLimitMs.toLocaleString('en')} ms per test`}
        >
          <Input
            id="problem-time-input"
            type="number"
            inputMode="numeric"
            min={LIMITS.minTimeLimitMs}
            max={LIMITS.maxTimeLimitMs}
            step={100}
            value={values.timeLimitMs}
            aria-invalid={invalid('timeLimitMs')}
            aria-describedby={describe('timeLimitMs')}
            onChange={(event) => {
              set('timeLimitMs', event.target.value)
            }}
          />
        </Field>
      </div>

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
        error={errors.statement}
        hint={`${chars(values.statement).toLocaleString('en')} / ${LIMITS.statement.toLocaleString('en')} characters. Headings, lists, tables, **bold**, \`code\` and fenced code blocks.`}
      >
        {preview ? (
          <div className="min-h-64 rounded-md border p-4" data-testid="statement-preview">
            <Markdown source={values.statement} />
          </div>
        ) : (
          <Textarea
            id="problem-statement-input"
            code
            rows={16}
            value={values.statement}
            aria-invalid={invalid('statement')}
            aria-describedby={describe('statement')}
            onChange={(event) => {
              set('statement', event.target.value)
            }}
          />
        )}
      </Field>

      <fieldset className="space-y-4">
        <legend className="mb-1 text-sm font-medium">Starter code</legend>
        <p className="text-xs text-muted-foreground">
          What the candidate starts from in each language: read standard input, call an unfinished function, print the
          result.
        </p>
        <div className="grid gap-6 lg:grid-cols-3">
          {LANGUAGES.map((lang) => (
            <Field key={lang} name={`starter.${lang}`} label={languageLabels[lang]} htmlFor={`problem-starter-${lang}`} error={errors[`starter.${lang}`]}>
              <Textarea
                id={`problem-starter-${lang}`}
                code
                rows={14}
                value={values.starter[lang]}
                aria-invalid={invalid(`starter.${lang}`)}
                aria-describedby={describe(`starter.${lang}`)}
                onChange={(event) => {
                  setStarter(lang, event.target.value)
                }}
              />
            </Field>
          ))}
        </div>
      </fieldset>

      <section
        className="space-y-4"
        aria-labelledby="problem-tests-heading"
        data-testid="field-tests"
        data-invalid={errors.tests ? true : undefined}
      >
        <div className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <h2 id="problem-tests-heading" className="text-sm font-medium">
              Test cases
            </h2>
            <p className="text-xs text-muted-foreground">
              Standard input and the expected output, compared line by line ignoring trailing spaces. Hidden cases are
              not shown to the candidate. {values.tests.length} of at most {LIMITS.tests}
              {hiddenCount > 0 ? `, ${String(hiddenCount)} hidden` : ''}.
            </p>
          </div>
          <Button type="button" variant="outline" size="sm" onClick={addTest} disabled={values.tests.length >= LIMITS.tests} data-testid="test-case-add">
            <PlusIcon />
            Add test case
          </Button>
        </div>
        {errors.tests ? (
          <p id={fieldErrorId('tests')} className="text-sm text-destructive" data-testid="field-error-tests" role="alert">
            {errors.tests.charAt(0).toUpperCase() + errors.tests.slice(1)}
          </p>
        ) : null}
        <ol className="space-y-4">
          {values.tests.map((test, i) => {
            const key = `tests.${String(i)}`
            return (
              <li key={test.key} className="space-y-4 rounded-lg border p-4" data-testid="test-case" data-index={i}>
                <div className="flex flex-wrap items-end gap-3">
                  <Field name={`${key}.name`} label={`Test ${String(i + 1)} name`} htmlFor={`problem-test-${test.key}-name`} error={errors[`${key}.name`]} className="min-w-48 flex-1">
                    <Input
                      id={`problem-test-${test.key}-name`}
                      value={test.name}
                      maxLength={LIMITS.testName}
                      aria-invalid={invalid(`${key}.name`)}
                      aria-describedby={describe(`${key}.name`)}
                      onChange={(event) => {
                        setTest(i, { name: event.target.value })
                      }}
                    />
                  </Field>
                  <label className="flex h-9 items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      className="size-4 accent-primary"
                      checked={test.hidden}
                      data-testid="test-case-hidden"
                      onChange={(event) => {
                        setTest(i, { hidden: event.target.checked })
                      }}
                    />
                    <EyeOffIcon className="size-4 text-muted-foreground" aria-hidden="true" />
                    Hidden
                  </label>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    aria-label={`Remove test ${String(i + 1)}`}
                    data-testid="test-case-remove"
                    onClick={() => {
                      removeTest(i)
                    }}
                  >
                    <Trash2Icon />
                    Remove
                  </Button>
                </div>
                <div className="grid gap-4 md:grid-cols-2">
                  {(['input', 'expected'] as const).map((part) => (
                    <Field
                      key={part}
                      name={`${key}.${part}`}
                      label={part === 'input' ? 'Input (stdin)' : 'Expected output'}
                      htmlFor={`problem-test-${test.key}-${part}`}
                      error={errors[`${key}.${part}`]}
                      hint={`${formatBytes(byteLength(test[part]))} of 100 KB`}
                    >
                      <Textarea
                        id={`problem-test-${test.key}-${part}`}
                        code
                        rows={4}
                        value={test[part]}
                        aria-invalid={invalid(`${key}.${part}`)}
                        aria-describedby={describe(`${key}.${part}`)}
                        onChange={(event) => {
                          setTest(i, { [part]: event.target.value })
                        }}
                      />
                    </Field>
                  ))}
                </div>
              </li>
            )
          })}
        </ol>
      </section>

      <div className="flex flex-col-reverse gap-2 border-t pt-6 sm:flex-row sm:justify-end">
        {onCancel ? (
          <Button type="button" variant="outline" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" disabled={pending} data-testid="problem-save">
          {pending ? <LoaderCircleIcon className="animate-spin" /> : null}
          {submitLabel}
        </Button>
      </div>
    </form>
  )
}
