/**
 * The stage's state: grid or speaker layout, a pinned tile, and the automatic focus on a new screen share. Pure,
 * so the rules are tested without LiveKit. Sources are LiveKit's Track.Source strings ('camera', 'screen_share').
 */
export type Layout = 'grid' | 'speaker'

export const CAMERA = 'camera'
export const SCREEN_SHARE = 'screen_share'

export interface TileKey {
  identity: string
  source: string
}

export interface ShareInfo {
  sid: string
  identity: string
  local: boolean
}

export interface StageState {
  layout: Layout
  pin: TileKey | null
  /** The share we focused on our own, and the layout to go back to when it ends. */
  auto: { sid: string; identity: string; previous: Layout } | null
  /** Track sids of the screen shares seen last. */
  shares: readonly string[]
}

export type StageAction =
  | { type: 'layout'; layout: Layout }
  | { type: 'pin'; key: TileKey | null }
  | { type: 'shares'; shares: readonly ShareInfo[] }

export const initialStage: StageState = { layout: 'grid', pin: null, auto: null, shares: [] }

function sameKey(a: TileKey | null, b: TileKey | null): boolean {
  return a !== null && b !== null && a.identity === b.identity && a.source === b.source
}

/** Whether `key` names the tile of `identity`'s `source`. */
export function isTile(key: TileKey | null, identity: string, source: string): boolean {
  return key !== null && key.identity === identity && key.source === source
}

export function stageReducer(state: StageState, action: StageAction): StageState {
  switch (action.type) {
    case 'layout':
      // The person chose: no automatic return to another layout later.
      if (state.layout === action.layout && state.auto === null) return state
      return { ...state, layout: action.layout, auto: null, pin: action.layout === 'grid' ? null : state.pin }
    case 'pin':
      if (action.key === null) return { ...state, pin: null, auto: null }
      return { ...state, pin: action.key, layout: 'speaker', auto: null }
    case 'shares': {
      const sids = action.shares.map((share) => share.sid)
      if (sids.length === state.shares.length && sids.every((sid, i) => sid === state.shares[i])) return state
      // A new share from someone else takes the stage (our own would show itself in a mirror).
      const added = action.shares.filter((share) => !state.shares.includes(share.sid) && !share.local).at(-1)
      if (added) {
        const key = { identity: added.identity, source: SCREEN_SHARE }
        return {
          layout: 'speaker',
          pin: key,
          auto: { sid: added.sid, identity: added.identity, previous: state.auto?.previous ?? state.layout },
          shares: sids,
        }
      }
      const auto = state.auto
      if (auto && !sids.includes(auto.sid)) {
        const autoKey = { identity: auto.identity, source: SCREEN_SHARE }
        return { layout: auto.previous, pin: sameKey(state.pin, autoKey) ? null : state.pin, auto: null, shares: sids }
      }
      const pin = state.pin
      if (pin?.source === SCREEN_SHARE && !action.shares.some((share) => share.identity === pin.identity)) {
        return { ...state, pin: null, shares: sids }
      }
      return { ...state, shares: sids }
    }
  }
}

interface StageTrack {
  participant: { identity: string; isLocal: boolean }
  source: string
}

/**
 * The tile the speaker layout shows large: the pinned one, else someone else's screen share, else the camera of
 * who spoke last, else the first other camera, else our own.
 */
export function pickFocus<T extends StageTrack>(tracks: readonly T[], pin: TileKey | null, lastSpeaker: string | null): T | undefined {
  const find = (identity: string, source: string) =>
    tracks.find((track) => track.participant.identity === identity && track.source === source)
  return (
    (pin ? find(pin.identity, pin.source) : undefined) ??
    tracks.find((track) => track.source === SCREEN_SHARE && !track.participant.isLocal) ??
    (lastSpeaker ? find(lastSpeaker, CAMERA) : undefined) ??
    tracks.find((track) => track.source === CAMERA && !track.participant.isLocal) ??
    tracks[0]
  )
}
