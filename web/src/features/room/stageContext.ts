import { createContext } from 'react'

import type { TileKey } from './stage'

export interface StageControls {
  pin: TileKey | null
  setPin: (key: TileKey | null) => void
}

/** The pinned tile and how to change it, for the tiles' Pin buttons. */
export const StageContext = createContext<StageControls>({ pin: null, setPin: () => undefined })
