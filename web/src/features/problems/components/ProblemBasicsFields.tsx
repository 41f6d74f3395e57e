import { FormField as Field } from '@/components/FormField'
import { Input } from '@/components/ui/input'
import { NativeSelect } from '@/components/ui/native-select'
import { fieldAria } from '@/lib/forms'

import { parseTags, type ProblemFieldErrors, type ProblemFormValues } from '../form'
import { difficultyLabels } from '../present'
import { DIFFICULTIES, LIMITS } from '../schema'

type BasicKey = 'title' | 'difficulty' | 'tags' | 'timeLimitMs'

/** Title, difficulty, tags and the time limit: the problem's one-line fields. */
export function ProblemBasicsFields({
  values,
  errors,
  onChange,
}: {
  values: Pick<ProblemFormValues, BasicKey>
  errors: ProblemFieldErrors
  onChange: <K extends BasicKey>(key: K, value: ProblemFormValues[K]) => void
}) {
  const tags = parseTags(values.tags)

  return (
    <>
      <div className="grid gap-6 md:grid-cols-[1fr_12rem]">
        <Field name="title" label="Title" htmlFor="problem-title-input" error={errors.title} hint="The slug in links is made from it when the problem is created.">
          <Input
            id="problem-title-input"
            value={values.title}
            maxLength={LIMITS.title}
            placeholder="Merge Overlapping Meetings"
            {...fieldAria('title', errors.title)}
            onChange={(event) => {
              onChange('title', event.target.value)
            }}
          />
        </Field>
        <Field name="difficulty" label="Difficulty" htmlFor="problem-difficulty-input" error={errors.difficulty}>
          <NativeSelect
            id="problem-difficulty-input"
            value={values.difficulty}
            {...fieldAria('difficulty', errors.difficulty)}
            onChange={(event) => {
              onChange('difficulty', DIFFICULTIES.find((d) => d === event.target.value) ?? '')
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
            {...fieldAria('tags', errors.tags)}
            onChange={(event) => {
              onChange('tags', event.target.value)
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
            {...fieldAria('timeLimitMs', errors.timeLimitMs)}
            onChange={(event) => {
              onChange('timeLimitMs', event.target.value)
            }}
          />
        </Field>
      </div>
    </>
  )
}
