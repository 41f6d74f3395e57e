import { useMediaDeviceSelect } from '@livekit/components-react'
import { SettingsIcon } from 'lucide-react'
import { useId } from 'react'
import { toast } from 'sonner'

import { Button } from '@/components/ui/button'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover'

import { browserStorage, canPickSpeaker, deviceLabel, loadChoices, saveChoices, type CallChoices } from '../devices'

const choiceKey: Record<'videoinput' | 'audioinput' | 'audiooutput', keyof CallChoices> = {
  videoinput: 'videoDeviceId',
  audioinput: 'audioDeviceId',
  audiooutput: 'audioOutputDeviceId',
}

/** Switch camera, microphone or speaker during the call (components-react's useMediaDeviceSelect on the room). */
export function DeviceSettings() {
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="sm" data-testid="device-settings">
          <SettingsIcon />
          <span className="sr-only md:not-sr-only">Devices</span>
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-80 space-y-3" aria-label="Devices">
        <DeviceSelect kind="videoinput" label="Camera" />
        <DeviceSelect kind="audioinput" label="Microphone" />
        {canPickSpeaker() ? <DeviceSelect kind="audiooutput" label="Speaker" /> : null}
      </PopoverContent>
    </Popover>
  )
}

function DeviceSelect({ kind, label }: { kind: 'videoinput' | 'audioinput' | 'audiooutput'; label: string }) {
  const id = useId()
  // Permission was granted on the setup page (or refused: then there is nothing to list, and no prompt here).
  const { devices, activeDeviceId, setActiveMediaDevice } = useMediaDeviceSelect({ kind, requestPermissions: false })
  const listed = devices.filter((device) => device.deviceId !== '')
  const value = listed.some((device) => device.deviceId === activeDeviceId) ? activeDeviceId : (listed[0]?.deviceId ?? '')
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect
        id={id}
        data-testid={`call-${kind}-select`}
        value={value}
        disabled={listed.length === 0}
        onChange={(event) => {
          const deviceId = event.target.value
          setActiveMediaDevice(deviceId).then(
            () => {
              const storage = browserStorage()
              saveChoices(storage, { ...loadChoices(storage), [choiceKey[kind]]: deviceId })
            },
            (error: unknown) => {
              toast.error(`Could not switch the ${label.toLowerCase()}`, { description: error instanceof Error ? error.message : undefined })
            },
          )
        }}
      >
        {listed.length === 0 ? <option value="">No {label.toLowerCase()} found</option> : null}
        {listed.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {deviceLabel(device, index)}
          </option>
        ))}
      </NativeSelect>
    </div>
  )
}
