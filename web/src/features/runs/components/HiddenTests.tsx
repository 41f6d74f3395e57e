import { EyeOffIcon, LoaderCircleIcon, PlusIcon, Trash2Icon } from 'lucide-react'
import { useState } from 'react'

import { FormField } from '@/components/FormField'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Textarea } from '@/components/ui/textarea'
import { ApiError } from '@/lib/api'
import { fieldAria, mapFieldErrors } from '@/lib/forms'

import { MAX_HIDDEN_TESTS, useAddRunTest, useDeleteRunTest, useRunTests, type HiddenTestInput } from '../api'
import { errorText } from '../present'

const FIELDS = ['name', 'input', 'expected'] as const
type Field = (typeof FIELDS)[number]

const EMPTY: HiddenTestInput = { name: '', input: '', expected: '' }

/**
 * The interviewers' hidden tests: "Run tests" runs them after the problem's own. The candidate sees only whether
 * each passed. `editable` false (an ended interview) lists them without the form and the delete buttons.
 */
export function HiddenTests({ interviewId, editable }: { interviewId: string; editable: boolean }) {
  const tests = useRunTests(interviewId, true)
  const add = useAddRunTest(interviewId)
  const remove = useDeleteRunTest(interviewId)
  const [draft, setDraft] = useState<HiddenTestInput>(EMPTY)

  const addError = add.error instanceof ApiError ? add.error : null
  const { byField, other } = mapFieldErrors<Field>(addError?.fields, FIELDS)
  const addMessage = add.error ? (addError?.fields ? other.join('. ') || null : add.error.message) : null
  const list = tests.data ?? []
  const full = list.length >= MAX_HIDDEN_TESTS

  function submit() {
    add.mutate(draft, {
      onSuccess: () => {
        setDraft(EMPTY)
      },
    })
  }

  function field(name: Field) {
    return {
      id: `hidden-test-${name}-input`,
      value: draft[name],
      disabled: add.isPending,
      'data-testid': `hidden-test-${name}`,
      onChange: (event: { target: { value: string } }) => {
        setDraft((d) => ({ ...d, [name]: event.target.value }))
      },
      ...fieldAria(`hiddenTest.${name}`, byField[name]),
    }
  }

  return (
    <section aria-labelledby="hidden-tests-heading" className="space-y-3" data-testid="hidden-tests">
      <div className="space-y-1">
        <h3 id="hidden-tests-heading" className="flex items-center gap-1.5 text-sm font-semibold">
          <EyeOffIcon className="size-4" aria-hidden="true" />
          Hidden tests
          <span className="font-normal text-muted-foreground">
            ({list.length} of {MAX_HIDDEN_TESTS})
          </span>
        </h3>
        <p className="text-xs text-muted-foreground">
          “Run tests” runs these after the problem’s own tests. The candidate sees only whether each passed or failed,
          never its input or expected output.
        </p>
      </div>

      {tests.isPending ? (
        <p className="text-xs text-muted-foreground">Loading the hidden tests…</p>
      ) : tests.isError ? (
        <p className="text-xs text-destructive" role="alert">
          Could not load the hidden tests: {tests.error.message}
        </p>
      ) : list.length === 0 ? (
        <p className="text-xs text-muted-foreground">No hidden tests yet.</p>
      ) : (
        <ul className="divide-y rounded-md border">
          {list.map((test) => {
            const deleting = remove.isPending && remove.variables === test.id
            return (
              <li key={test.id} className="flex items-start gap-2 px-2 py-1.5 text-sm" data-testid="hidden-test-row" data-test-id={test.id}>
                <details className="min-w-0 flex-1">
                  <summary className="cursor-pointer break-words font-medium">{test.name}</summary>
                  <div className="mt-1 space-y-1 text-xs">
                    <p className="text-muted-foreground">Input</p>
                    <pre className="max-h-24 overflow-auto rounded bg-muted px-2 py-1 font-mono whitespace-pre-wrap break-all">{test.input || '(empty)'}</pre>
                    <p className="text-muted-foreground">Expected output</p>
                    <pre className="max-h-24 overflow-auto rounded bg-muted px-2 py-1 font-mono whitespace-pre-wrap break-all">{test.expected}</pre>
                  </div>
                </details>
                {editable ? (
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-8"
                    aria-label={`Delete hidden test ${test.name}`}
                    disabled={deleting}
                    onClick={() => {
                      remove.mutate(test.id)
                    }}
                    data-testid="hidden-test-delete"
                  >
                    {deleting ? <LoaderCircleIcon className="animate-spin" aria-hidden="true" /> : <Trash2Icon aria-hidden="true" />}
                  </Button>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
      {remove.error ? (
        <p className="text-xs text-destructive" role="alert" data-testid="hidden-test-error">
          Could not delete the test: {errorText(remove.error instanceof ApiError ? remove.error : { message: remove.error.message })}
        </p>
      ) : null}

      {editable ? (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            submit()
          }}
          className="space-y-3 rounded-md border p-3" aria-label="Add a hidden test" noValidate>
          <FormField name="hiddenTest.name" label="Name" htmlFor="hidden-test-name-input" error={byField.name}>
            <Input {...field('name')} placeholder="e.g. large input" maxLength={100} autoComplete="off" />
          </FormField>
          <FormField name="hiddenTest.input" label="Input (stdin)" htmlFor="hidden-test-input-input" error={byField.input} optional>
            <Textarea {...field('input')} code rows={3} className="max-h-40" />
          </FormField>
          <FormField name="hiddenTest.expected" label="Expected output" htmlFor="hidden-test-expected-input" error={byField.expected}>
            <Textarea {...field('expected')} code rows={3} className="max-h-40" />
          </FormField>
          {addMessage ? (
            <p className="text-sm text-destructive" role="alert" data-testid="hidden-test-error">
              {addMessage}
            </p>
          ) : null}
          <Button type="submit" size="sm" disabled={add.isPending || full} data-testid="hidden-test-add">
            {add.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden="true" /> : <PlusIcon aria-hidden="true" />}
            Add hidden test
          </Button>
          {full ? <p className="text-xs text-muted-foreground">This interview has the most hidden tests allowed.</p> : null}
        </form>
      ) : null}
    </section>
  )
}
