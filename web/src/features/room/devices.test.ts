import { describe, expect, it } from 'vitest'

import { CHOICES_KEY, classifyDeviceError, defaultChoices, describeDeviceProblems, deviceLabel, loadChoices, saveChoices } from './devices'

const domError = (name: string) => new DOMException('x', name)

describe('device errors', () => {
  it('classifies getUserMedia failures by name', () => {
    expect(classifyDeviceError(domError('NotAllowedError'))).toBe('denied')
    expect(classifyDeviceError({ name: 'PermissionDeniedError' })).toBe('denied')
    expect(classifyDeviceError(domError('NotFoundError'))).toBe('none')
    expect(classifyDeviceError(domError('OverconstrainedError'))).toBe('none')
    expect(classifyDeviceError(domError('NotReadableError'))).toBe('busy')
    expect(classifyDeviceError({ name: 'TrackStartError' })).toBe('busy')
    expect(classifyDeviceError(new TypeError('boom'))).toBe('other')
    expect(classifyDeviceError('nope')).toBe('other')
  })

  it('says nothing when nothing is wrong', () => {
    expect(describeDeviceProblems({})).toBeNull()
  })

  it('says what to do for a blocked permission, for both devices at once', () => {
    const message = describeDeviceProblems({ camera: 'denied', microphone: 'denied' })
    expect(message?.kind).toBe('denied')
    expect(message?.title).toBe('Camera and microphone are blocked')
    expect(message?.body).toContain('address bar')
    expect(message?.body).toContain('reload this page')
    expect(message?.body).toContain('join without them')
  })

  it('names the missing camera and says joining works without it', () => {
    const message = describeDeviceProblems({ camera: 'none' })
    expect(message).toMatchObject({ kind: 'none', title: 'No camera found' })
    expect(message?.body).toContain('Connect a camera')
    expect(message?.body).toContain('join without a camera')
  })

  it('names both missing devices at once', () => {
    expect(describeDeviceProblems({ camera: 'none', microphone: 'none' })?.title).toBe('No camera or microphone found')
  })

  it('explains a busy device', () => {
    const message = describeDeviceProblems({ microphone: 'busy' })
    expect(message).toMatchObject({ kind: 'busy', title: 'Your microphone is in use' })
    expect(message?.body).toContain('Close it')
  })

  it('leads with the worst problem and mentions the other device', () => {
    const message = describeDeviceProblems({ camera: 'none', microphone: 'denied' })
    expect(message?.kind).toBe('denied')
    expect(message?.title).toBe('Microphone is blocked')
    expect(message?.body).toContain('No camera was found either.')
  })

  it('labels devices before the browser reveals their names', () => {
    expect(deviceLabel({ label: '', kind: 'videoinput' }, 0)).toBe('Camera 1')
    expect(deviceLabel({ label: 'USB Mic', kind: 'audioinput' }, 3)).toBe('USB Mic')
  })
})

describe('remembered choices', () => {
  function memory(initial?: string) {
    const values = new Map<string, string>()
    if (initial !== undefined) values.set(CHOICES_KEY, initial)
    return { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => values.set(k, v), values }
  }

  it('round-trips through storage', () => {
    const storage = memory()
    const choices = { ...defaultChoices, videoEnabled: false, audioDeviceId: 'mic-2', audioOutputDeviceId: 'spk-1' }
    saveChoices(storage, choices)
    expect(loadChoices(storage)).toEqual(choices)
  })

  it('falls back to the defaults, field by field, for anything unreadable', () => {
    expect(loadChoices(undefined)).toEqual(defaultChoices)
    expect(loadChoices(memory('{not json'))).toEqual(defaultChoices)
    expect(loadChoices(memory('{"videoEnabled":"yes","audioDeviceId":"mic"}'))).toEqual({ ...defaultChoices, audioDeviceId: 'mic' })
  })

  it('survives a storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('full')
      },
    }
    expect(loadChoices(broken)).toEqual(defaultChoices)
    expect(() => {
      saveChoices(broken, defaultChoices)
    }).not.toThrow()
  })
})
