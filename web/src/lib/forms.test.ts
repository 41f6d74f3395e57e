import { describe, expect, it } from 'vitest'

import { INTERVIEW_FIELDS } from '@/features/interviews/schema'

import { fieldAria, fieldErrorId, hasErrors, mapFieldErrors } from './forms'

describe('mapFieldErrors', () => {
  it('maps nested server field keys to their root field and keeps unknown ones apart', () => {
    expect(
      mapFieldErrors({ 'interviewerIds.1': 'unknown user', candidateId: 'must be a candidate', room: 'taken' }, INTERVIEW_FIELDS),
    ).toEqual({ byField: { interviewerIds: 'unknown user', candidateId: 'must be a candidate' }, other: ['room taken'] })
    expect(mapFieldErrors({ 'interviewerIds[0]': 'first', 'interviewerIds[1]': 'second' }, INTERVIEW_FIELDS).byField).toEqual({
      interviewerIds: 'first',
    })
  })

  it('asks a function when the form has a field per nested key', () => {
    const match = (key: string) => (/^tests\.\d+\.name$/.test(key) || key === 'title' ? key : undefined)
    expect(mapFieldErrors({ 'tests.2.name': 'is required', title: 'too long', 'tests.x': 'odd' }, match)).toEqual({
      byField: { 'tests.2.name': 'is required', title: 'too long' },
      other: ['tests.x odd'],
    })
    expect(mapFieldErrors(undefined, match)).toEqual({ byField: {}, other: [] })
  })
})

describe('field helpers', () => {
  it('describes an invalid control by its message and leaves a valid one alone', () => {
    expect(fieldErrorId('tests.1.input')).toBe('field-error-tests-1-input')
    expect(fieldAria('tests.1.input', 'too big')).toEqual({ 'aria-invalid': true, 'aria-describedby': 'field-error-tests-1-input' })
    expect(fieldAria('title', undefined)).toEqual({})
    expect(hasErrors({ title: undefined })).toBe(false)
    expect(hasErrors({ title: 'x' })).toBe(true)
  })
})
