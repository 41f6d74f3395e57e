import { EyeOffIcon, PlusIcon, Trash2Icon } from 'lucide-react'

import { FormField as Field } from '@/components/FormField'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Textarea } from '@/components/ui/textarea'
import { fieldAria, fieldErrorId, sentence } from '@/lib/forms'

import { byteLength, type ProblemFieldErrors, type TestCaseValues } from '../form'
import { formatBytes } from '../present'
import { LIMITS } from '../schema'

/** The test cases: stdin and expected output each, hidden or shown to the candidate; add and remove. */
export function TestCasesSection({
  tests,
  errors,
  onChange,
  onAdd,
  onRemove,
}: {
  tests: TestCaseValues[]
  errors: ProblemFieldErrors
  onChange: (index: number, patch: Partial<TestCaseValues>) => void
  onAdd: () => void
  onRemove: (index: number) => void
}) {
  const hiddenCount = tests.filter((test) => test.hidden).length

  return (
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
            not shown to the candidate. {tests.length} of at most {LIMITS.tests}
            {hiddenCount > 0 ? `, ${String(hiddenCount)} hidden` : ''}.
          </p>
        </div>
        <Button type="button" variant="outline" size="sm" onClick={onAdd} disabled={tests.length >= LIMITS.tests} data-testid="test-case-add">
          <PlusIcon />
          Add test case
        </Button>
      </div>
      {errors.tests ? (
        <p id={fieldErrorId('tests')} className="text-sm text-destructive" data-testid="field-error-tests" role="alert">
          {sentence(errors.tests)}
        </p>
      ) : null}
      <ol className="space-y-4">
        {tests.map((test, i) => (
          <TestCaseItem
            key={test.key}
            test={test}
            index={i}
            errors={errors}
            onChange={(patch) => {
              onChange(i, patch)
            }}
            onRemove={() => {
              onRemove(i)
            }}
          />
        ))}
      </ol>
    </section>
  )
}

function TestCaseItem({
  test,
  index,
  errors,
  onChange,
  onRemove,
}: {
  test: TestCaseValues
  index: number
  errors: ProblemFieldErrors
  onChange: (patch: Partial<TestCaseValues>) => void
  onRemove: () => void
}) {
  const key = `tests.${String(index)}`
  const number = String(index + 1)

  return (
    <li className="space-y-4 rounded-lg border p-4" data-testid="test-case" data-index={index}>
      <div className="flex flex-wrap items-end gap-3">
        <Field name={`${key}.name`} label={`Test ${number} name`} htmlFor={`problem-test-${test.key}-name`} error={errors[`${key}.name`]} className="min-w-48 flex-1">
          <Input
            id={`problem-test-${test.key}-name`}
            value={test.name}
            maxLength={LIMITS.testName}
            {...fieldAria(`${key}.name`, errors[`${key}.name`])}
            onChange={(event) => {
              onChange({ name: event.target.value })
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
              onChange({ hidden: event.target.checked })
            }}
          />
          <EyeOffIcon className="size-4 text-muted-foreground" aria-hidden="true" />
          Hidden
        </label>
        <Button type="button" variant="ghost" size="sm" aria-label={`Remove test ${number}`} data-testid="test-case-remove" onClick={onRemove}>
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
              {...fieldAria(`${key}.${part}`, errors[`${key}.${part}`])}
              onChange={(event) => {
                onChange({ [part]: event.target.value })
              }}
            />
          </Field>
        ))}
      </div>
    </li>
  )
}
