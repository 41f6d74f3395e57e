import { useEffect, useState } from 'react'

/**
 * The browser's devices of one kind, listed again on `devicechange` and whenever `refresh` changes. The setup page
 * passes its preview track as `refresh`: labels and real ids appear only once a permission is granted, and
 * Chromium does not always fire `devicechange` for that. (components-react's useMediaDevices asks for a
 * permission itself to read labels, which would prompt for a camera the person has switched off.)
 */
export function useMediaDeviceList(kind: MediaDeviceKind, refresh: unknown): MediaDeviceInfo[] {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([])

  useEffect(() => {
    const mediaDevices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices
    if (!mediaDevices?.enumerateDevices) return
    let active = true
    const load = () => {
      mediaDevices.enumerateDevices().then(
        (list) => {
          if (active) setDevices(list.filter((device) => device.kind === kind && device.deviceId !== ''))
        },
        () => {
          if (active) setDevices([])
        },
      )
    }
    load()
    mediaDevices.addEventListener('devicechange', load)
    return () => {
      active = false
      mediaDevices.removeEventListener('devicechange', load)
    }
  }, [kind, refresh])

  return devices
}
