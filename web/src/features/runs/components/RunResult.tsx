import { OctagonAlertIcon, ScissorsIcon, TimerOffIcon } from 'lucide-react'

import { cn } from '@/lib/utils'

import type { Run } from '../api'
import { duration, megabytes, outputHiddenFromCandidate, stoppedText } from '../present'
import { TestResults } from './TestResults'

/** A run's numbers, output and test results (the status line is the panel's, above this). */
export function RunResult({ run, candidate }: { run: Run; candidate: boolean }) {
  const finished = run.status === 'done'
  const outputHidden = candidate && outputHiddenFromCandidate(run)
  return (
    <div className="space-y-3">
      {finished ? (
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground" data-testid="run-metrics">
          <span>{run.withTests ? 'Slowest test' : 'Time'} {duration(run.timeMs)}</span>
          {run.cpuMs > 0 ? <span>CPU {duration(run.cpuMs)}</span> : null}
          <span>Memory {megabytes(run.memoryKB)}</span>
          {run.truncated ? (
            <span className="inline-flex items-center gap-1 text-amber-700 dark:text-amber-400" data-testid="run-truncated">
              <ScissorsIcon className="size-3" aria-hidden="true" />
              output cut
            </span>
          ) : null}
        </p>
      ) : null}
      {finished && run.limit ? (
        <p className="flex items-center gap-1.5 text-sm font-medium text-destructive" data-testid="run-limit" data-limit={run.limit}>
          <TimerOffIcon className="size-4 shrink-0" aria-hidden="true" />
          {stoppedText(run.limit)}
        </p>
      ) : null}
      {finished && run.compileFailed ? (
        <p
          className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-red-800 dark:text-red-200"
          data-testid="run-compile-failed"
        >
          <OctagonAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span>The code did not compile: the compiler’s messages are below. Nothing ran.</span>
        </p>
      ) : null}
      {run.withTests && finished && !run.compileFailed ? (
        <TestResults tests={run.tests} passed={run.passed} total={run.total} candidate={candidate} />
      ) : null}
      {outputHidden ? (
        <p className="text-xs text-muted-foreground" data-testid="run-output-hidden">
          The output is not shown: the first test that failed is a hidden one.
        </p>
      ) : null}
      {finished && !outputHidden ? (
        <>
          {/* A test run keeps the output of its first failing test only: nothing to show when all passed. */}
          {!run.withTests || run.stdout ? (
            <Output label={run.withTests ? 'Output of the first failing test' : 'Output'} text={run.stdout} testId="run-stdout" />
          ) : null}
          {run.stderr ? <Output label={run.compileFailed ? 'Compiler messages' : 'Errors (stderr)'} text={run.stderr} testId="run-stderr" destructive /> : null}
        </>
      ) : null}
      {!run.withTests && run.stdin ? (
        <details className="text-xs">
          <summary className="cursor-pointer text-muted-foreground">Standard input given</summary>
          <pre className="mt-1 max-h-32 overflow-auto rounded-md bg-muted px-2 py-1 font-mono whitespace-pre-wrap break-all">{run.stdin}</pre>
        </details>
      ) : null}
    </div>
  )
}

function Output({ label, text, testId, destructive = false }: { label: string; text: string; testId: string; destructive?: boolean }) {
  return (
    <figure className="space-y-1">
      <figcaption className="text-xs font-medium text-muted-foreground">{label}</figcaption>
      <pre
        tabIndex={0}
        aria-label={label}
        className={cn(
          'max-h-64 overflow-auto rounded-md border bg-muted px-2 py-1.5 font-mono text-xs whitespace-pre-wrap break-all outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50',
          destructive && 'border-destructive/30 bg-destructive/5 text-red-800 dark:text-red-200',
        )}
        data-testid={testId}
      >
        {text === '' ? <span className="text-muted-foreground italic">(no output)</span> : text}
      </pre>
    </figure>
  )
}
