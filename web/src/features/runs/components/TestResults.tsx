import { ChevronDownIcon, ChevronRightIcon, CircleCheckIcon, CircleXIcon, EyeOffIcon } from 'lucide-react'
import { useId, useState } from 'react'

import { cn } from '@/lib/utils'

import type { TestResult } from '../api'
import { duration, hasDetails, limitWords, testsSummary } from '../present'

/** Per-test results of a test run: passed/failed in words and icon, time; a test's input/expected/got on demand. */
export function TestResults({ tests, passed, total, candidate }: { tests: TestResult[]; passed: number; total: number; candidate: boolean }) {
  const allPassed = total > 0 && passed === total
  return (
    <section aria-label="Test results" className="space-y-2">
      <p
        className={cn('text-sm font-medium', allPassed ? 'text-emerald-700 dark:text-emerald-400' : 'text-destructive')}
        data-testid="run-tests-summary"
      >
        {testsSummary(passed, total)}
      </p>
      {tests.length > 0 ? (
        <ul className="divide-y rounded-md border">
          {tests.map((test, i) => (
            // Test names need not be unique: the index keeps the keys apart.
            <TestRow key={`${String(i)}-${test.name}`} test={test} candidate={candidate} />
          ))}
        </ul>
      ) : null}
    </section>
  )
}

function TestRow({ test, candidate }: { test: TestResult; candidate: boolean }) {
  const [open, setOpen] = useState(false)
  const detailsId = useId()
  const expandable = hasDetails(test) && !(candidate && test.hidden)
  const Icon = test.passed ? CircleCheckIcon : CircleXIcon
  const title = (
    <>
      <Icon
        className={cn('mt-0.5 size-4 shrink-0', test.passed ? 'text-emerald-600 dark:text-emerald-400' : 'text-destructive')}
        aria-hidden="true"
      />
      <span className="min-w-0 flex-1">
        <span className="block break-words font-medium">{test.name || 'Unnamed test'}</span>
        <span className="flex flex-wrap gap-x-2 text-xs text-muted-foreground">
          <span className={test.passed ? undefined : 'text-destructive'}>{test.passed ? 'Passed' : 'Failed'}</span>
          <span>{duration(test.timeMs)}</span>
          {test.limit ? <span>Stopped: {limitWords(test.limit)}</span> : null}
          {test.hidden ? (
            <span className="inline-flex items-center gap-1">
              <EyeOffIcon className="size-3" aria-hidden="true" />
              hidden test
            </span>
          ) : null}
        </span>
      </span>
    </>
  )
  return (
    <li data-testid="run-test-row" data-passed={test.passed} data-hidden={test.hidden} className="text-sm">
      {expandable ? (
        <button
          type="button"
          aria-expanded={open}
          aria-controls={detailsId}
          className="flex w-full items-start gap-2 px-2 py-1.5 text-left outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
          onClick={() => {
            setOpen((o) => !o)
          }}
          data-testid="run-test-toggle"
        >
          {title}
          {open ? (
            <ChevronDownIcon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
          ) : (
            <ChevronRightIcon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
          )}
          <span className="sr-only">{open ? 'Hide details' : 'Show details'}</span>
        </button>
      ) : (
        <div className="flex items-start gap-2 px-2 py-1.5">{title}</div>
      )}
      {expandable && open ? (
        <dl id={detailsId} className="space-y-1.5 px-2 pb-2" data-testid="run-test-details">
          <Detail label="Input" text={test.input ?? ''} />
          <Detail label="Expected" text={test.expected ?? ''} />
          <Detail label="Got" text={test.got ?? ''} />
          {test.stderr ? <Detail label="Stderr" text={test.stderr} destructive /> : null}
        </dl>
      ) : null}
    </li>
  )
}

function Detail({ label, text, destructive = false }: { label: string; text: string; destructive?: boolean }) {
  return (
    <div>
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd>
        <pre
          className={cn(
            'max-h-40 overflow-auto rounded-md bg-muted px-2 py-1 font-mono text-xs whitespace-pre-wrap break-all',
            destructive && 'text-destructive',
          )}
        >
          {text === '' ? <span className="text-muted-foreground italic">(empty)</span> : text}
        </pre>
      </dd>
    </div>
  )
}
