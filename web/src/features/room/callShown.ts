import { createContext } from 'react'

/**
 * Whether the call is on the screen: false while it is rendered ahead, invisible, under the setup page (RoomPage).
 * Only what must wait for Join reads it (keyboard shortcuts, the editor), so Join renders almost nothing again.
 */
export const CallShownContext = createContext(true)
