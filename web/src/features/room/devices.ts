import { z } from 'zod'

/** Why a camera or microphone could not be opened. */
export type DeviceErrorKind = 'denied' | 'none' | 'busy' | 'other'
export type DeviceName = 'camera' | 'microphone'

/**
 * getUserMedia's failures by DOMException name (older Chrome names too, as livekit-client's MediaDeviceFailure
 * reads them). OverconstrainedError means the remembered device is gone, which for the person is "no device".
 */
export function classifyDeviceError(error: unknown): DeviceErrorKind {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : ''
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied'
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'none'
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy'
    default:
      return 'other'
  }
}

export type DeviceProblems = Partial<Record<DeviceName, DeviceErrorKind>>

export interface DeviceProblemMessage {
  kind: DeviceErrorKind
  title: string
  body: string
}

const severity: Record<DeviceErrorKind, number> = { denied: 3, busy: 2, none: 1, other: 0 }

function both(problems: DeviceProblems, kind: DeviceErrorKind): boolean {
  return problems.camera === kind && problems.microphone === kind
}

function subject(problems: DeviceProblems, kind: DeviceErrorKind): string {
  if (both(problems, kind)) return 'camera and microphone'
  return problems.camera === kind ? 'camera' : 'microphone'
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * One message for what went wrong with the camera and microphone, saying what to do. The most serious problem
 * leads (a blocked permission hides every device, so it comes first); the other device's problem, if different,
 * is added as a sentence.
 */
export function describeDeviceProblems(problems: DeviceProblems): DeviceProblemMessage | null {
  const kinds = (['camera', 'microphone'] as const).flatMap((device) => {
    const kind = problems[device]
    return kind ? [kind] : []
  })
  if (kinds.length === 0) return null
  const kind = kinds.reduce((worst, next) => (severity[next] > severity[worst] ? next : worst))
  const what = subject(problems, kind)
  const plural = both(problems, kind)
  let title: string
  let body: string
  switch (kind) {
    case 'denied':
      title = `${capital(what)} ${plural ? 'are' : 'is'} blocked`
      body = `Your browser is not letting this page use your ${what}. Click the camera icon or the lock in the address bar, allow the ${what}, then reload this page.`
      break
    case 'none':
      title = `No ${plural ? 'camera or microphone' : what} found`
      body = `Connect a ${plural ? 'camera or microphone' : what} (or check that it is switched on), then reload this page or pick it below.`
      break
    case 'busy':
      title = `Your ${what} ${plural ? 'are' : 'is'} in use`
      body = `Another app or browser tab is using your ${what}. Close it (another video call, for example), then pick the device again below or reload this page.`
      break
    default:
      title = `Your ${what} could not start`
      body = `Check that it is connected and not used elsewhere, then pick it again below or reload this page.`
  }
  const others = (['camera', 'microphone'] as const).filter((device) => problems[device] && problems[device] !== kind)
  for (const device of others) {
    const other = problems[device]
    if (other === 'denied') body += ` Your ${device} is blocked too.`
    else if (other === 'none') body += ` No ${device} was found either.`
    else if (other === 'busy') body += ` Your ${device} is in use by another app.`
    else body += ` Your ${device} could not start either.`
  }
  if (problems.camera && problems.microphone) body += ' You can still join without them and use the chat.'
  else if (problems.camera) body += ' You can still join without a camera: the others see your initials.'
  else body += ' You can still join without a microphone and use the chat.'
  return { kind, title, body }
}

/** What the setup page remembers in this browser. Device ids '' mean the browser's default. */
export const callChoicesSchema = z.object({
  videoEnabled: z.boolean().catch(true),
  audioEnabled: z.boolean().catch(true),
  videoDeviceId: z.string().catch(''),
  audioDeviceId: z.string().catch(''),
  audioOutputDeviceId: z.string().catch(''),
})
export type CallChoices = z.infer<typeof callChoicesSchema>

export const CHOICES_KEY = 'interviewprep-call-devices'

export const defaultChoices: CallChoices = {
  videoEnabled: true,
  audioEnabled: true,
  videoDeviceId: '',
  audioDeviceId: '',
  audioOutputDeviceId: '',
}

type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>

/**
 * The remembered choices, or the defaults. LiveKit's usePersistentUserChoices keeps no speaker (and a user name
 * we do not ask for), so the setup page keeps its own small record.
 */
export function loadChoices(storage: ChoiceStorage | undefined): CallChoices {
  try {
    const raw = storage?.getItem(CHOICES_KEY)
    if (!raw) return defaultChoices
    const parsed = callChoicesSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : defaultChoices
  } catch {
    return defaultChoices
  }
}

export function saveChoices(storage: ChoiceStorage | undefined, choices: CallChoices): void {
  try {
    storage?.setItem(CHOICES_KEY, JSON.stringify(choices))
  } catch {
    // Private mode or a full quota: the choices last for this page only.
  }
}

export function browserStorage(): ChoiceStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

/** Whether the browser can send audio to a chosen output (HTMLMediaElement.setSinkId: Chrome, Edge, Firefox 116+). */
export function canPickSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype
}

/** A device's label, or a numbered stand-in before the browser reveals labels. */
export function deviceLabel(device: Pick<MediaDeviceInfo, 'label' | 'kind'>, index: number): string {
  if (device.label) return device.label
  const noun = device.kind === 'videoinput' ? 'Camera' : device.kind === 'audioinput' ? 'Microphone' : 'Speaker'
  return `${noun} ${index + 1}`
}
