import { LoaderCircleIcon } from 'lucide-react'
import { useState } from 'react'

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { useServerForm } from '@/hooks/useServerForm'

import { newTestCase, shiftTestErrors, validateProblem, type ProblemFormValues, type TestCaseValues } from '../form'
import type { Language } from '../schema'
import { ProblemBasicsFields } from './ProblemBasicsFields'
import { StarterCodeFields } from './StarterCodeFields'
import { StatementField } from './StatementField'
import { TestCasesSection } from './TestCasesSection'

/** Server `fields` keys the form shows next to a field; any other key is listed above the form. */
function formKey(key: string): string | undefined {
  const known =
    ['title', 'difficulty', 'tags', 'statement', 'tests', 'timeLimitMs'].includes(key) ||
    /^starter\.(javascript|python|java)$/.test(key) ||
    /^tests\.\d+\.(name|input|expected)$/.test(key)
  return known ? key : undefined
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
  const form = useServerForm<string>({
    fields: formKey,
    invalidMessage: 'Please correct the highlighted fields.',
    alwaysShowServerMessage: true,
    fallbackMessage: 'Could not save the problem',
  })

  const set = <K extends keyof ProblemFormValues>(key: K, value: ProblemFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }))
    form.clearErrors(key)
  }
  const setStarter = (lang: Language, code: string) => {
    setValues((current) => ({ ...current, starter: { ...current.starter, [lang]: code } }))
    form.clearErrors(`starter.${lang}`)
  }
  const setTest = (index: number, patch: Partial<TestCaseValues>) => {
    setValues((current) => ({
      ...current,
      tests: current.tests.map((test, i) => (i === index ? { ...test, ...patch } : test)),
    }))
    form.clearErrors(...Object.keys(patch).map((field) => `tests.${String(index)}.${field}`))
  }
  const addTest = () => {
    setValues((current) => ({
      ...current,
      tests: [...current.tests, newTestCase({ name: `test ${String(current.tests.length + 1)}` })],
    }))
    form.clearErrors('tests')
  }
  const removeTest = (index: number) => {
    setValues((current) => ({ ...current, tests: current.tests.filter((_, i) => i !== index) }))
    form.setErrors((current) => shiftTestErrors(current, index))
  }

  return (
    <form
      noValidate
      className="space-y-8"
      data-testid="problem-form"
      onSubmit={form.handleSubmit(
        () => validateProblem(values),
        () => onSubmit(values),
      )}
    >
      {form.formError ? (
        <Alert variant="destructive" data-testid="problem-form-error">
          <AlertTitle>Could not save the problem</AlertTitle>
          <AlertDescription>{form.formError}</AlertDescription>
        </Alert>
      ) : null}

      <ProblemBasicsFields values={values} errors={form.errors} onChange={set} />
      <StatementField
        value={values.statement}
        error={form.errors.statement}
        onChange={(statement) => {
          set('statement', statement)
        }}
      />
      <StarterCodeFields starter={values.starter} errors={form.errors} onChange={setStarter} />
      <TestCasesSection tests={values.tests} errors={form.errors} onChange={setTest} onAdd={addTest} onRemove={removeTest} />

      <div className="flex flex-col-reverse gap-2 border-t pt-6 sm:flex-row sm:justify-end">
        {onCancel ? (
          <Button type="button" variant="outline" onClick={onCancel} disabled={form.pending}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" disabled={form.pending} data-testid="problem-save">
          {form.pending ? <LoaderCircleIcon className="animate-spin" /> : null}
          {submitLabel}
        </Button>
      </div>
    </form>
  )
}
