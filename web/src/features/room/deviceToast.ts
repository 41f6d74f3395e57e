import { MediaDeviceFailure } from 'livekit-client'
import { toast } from 'sonner'

import { describeDeviceProblems, type DeviceErrorKind } from './devices'

const failureKinds: Record<MediaDeviceFailure, DeviceErrorKind> = {
  [MediaDeviceFailure.PermissionDenied]: 'denied',
  [MediaDeviceFailure.NotFound]: 'none',
  [MediaDeviceFailure.DeviceInUse]: 'busy',
  [MediaDeviceFailure.Other]: 'other',
}

/** A toast for a device that failed in the call, saying what to do. */
export function toastDeviceFailure(device: 'camera' | 'microphone', error: Error | MediaDeviceFailure | undefined) {
  const failure = error instanceof Error ? MediaDeviceFailure.getFailure(error) : error
  const message = describeDeviceProblems({ [device]: failureKinds[failure ?? MediaDeviceFailure.Other] })
  if (message) toast.error(message.title, { description: 'Fix it, then turn it on again with its button below.' })
}
