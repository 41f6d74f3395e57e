import { describe, expect, it } from 'vitest'

import { initialStage, pickFocus, stageReducer, type ShareInfo, type StageState } from './stage'

const share = (sid: string, identity: string, local = false): ShareInfo => ({ sid, identity, local })

function run(state: StageState, ...shares: ShareInfo[][]): StageState {
  return shares.reduce((s, list) => stageReducer(s, { type: 'shares', shares: list }), state)
}

describe('stage', () => {
  it('puts a new screen share from someone else on the stage, and goes back when it ends', () => {
    const sharing = run(initialStage, [share('TR_1', 'ada')])
    expect(sharing.layout).toBe('speaker')
    expect(sharing.pin).toEqual({ identity: 'ada', source: 'screen_share' })
    const after = run(sharing, [])
    expect(after.layout).toBe('grid')
    expect(after.pin).toBeNull()
  })

  it('does not focus our own share (it would show itself in a mirror)', () => {
    const mine = run(initialStage, [share('TR_1', 'me', true)])
    expect(mine.layout).toBe('grid')
    expect(mine.pin).toBeNull()
  })

  it('keeps the layout the person chose while a share was on', () => {
    const sharing = run(initialStage, [share('TR_1', 'ada')])
    const chose = stageReducer(sharing, { type: 'layout', layout: 'speaker' })
    expect(run(chose, []).layout).toBe('speaker')
  })

  it('moves to the newest share, and back to the original layout after both end', () => {
    const speaker = stageReducer(initialStage, { type: 'layout', layout: 'speaker' })
    const two = run(speaker, [share('TR_1', 'ada')], [share('TR_1', 'ada'), share('TR_2', 'alan')])
    expect(two.pin).toEqual({ identity: 'alan', source: 'screen_share' })
    expect(run(two, [share('TR_1', 'ada')]).layout).toBe('speaker')
    const fromGrid = run(initialStage, [share('TR_1', 'ada')], [share('TR_1', 'ada'), share('TR_2', 'alan')], [share('TR_1', 'ada')])
    expect(fromGrid.layout).toBe('grid')
  })

  it('returns the same state when the shares did not change', () => {
    const sharing = run(initialStage, [share('TR_1', 'ada')])
    expect(run(sharing, [share('TR_1', 'ada')])).toBe(sharing)
  })

  it('pins a tile into the speaker layout, and grid clears the pin', () => {
    const pinned = stageReducer(initialStage, { type: 'pin', key: { identity: 'grace', source: 'camera' } })
    expect(pinned.layout).toBe('speaker')
    expect(stageReducer(pinned, { type: 'layout', layout: 'grid' }).pin).toBeNull()
  })

  it('focuses the pinned tile, else a share, else who spoke last, else someone else', () => {
    const t = (identity: string, source: string, isLocal = false) => ({ participant: { identity, isLocal }, source })
    const me = t('me', 'camera', true)
    const ada = t('ada', 'camera')
    const alan = t('alan', 'camera')
    const adaScreen = t('ada', 'screen_share')
    expect(pickFocus([me, ada, alan, adaScreen], { identity: 'alan', source: 'camera' }, null)).toBe(alan)
    expect(pickFocus([me, ada, alan, adaScreen], null, 'alan')).toBe(adaScreen)
    expect(pickFocus([me, ada, alan], null, 'alan')).toBe(alan)
    expect(pickFocus([me, ada, alan], null, null)).toBe(ada)
    expect(pickFocus([me], null, null)).toBe(me)
    const nobody: (typeof me)[] = []
    expect(pickFocus(nobody, null, null)).toBeUndefined()
  })
})
