import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'

import { JOIN_GRANT_FRESH_MS, freshJoinGrant } from './api'
import { roomKeys } from './keys'

const grant = { url: 'ws://lk', token: 'tok', identity: 'u1', name: 'Cara', role: 'candidate' as const }

describe('freshJoinGrant', () => {
  it('gives the grant fetched ahead while it is fresh, and nothing once it is old or absent', () => {
    const qc = new QueryClient()
    expect(freshJoinGrant(qc, 'i1')).toBeUndefined()
    const at = Date.now()
    qc.setQueryData(roomKeys.join('i1'), grant, { updatedAt: at })
    expect(freshJoinGrant(qc, 'i1', at + JOIN_GRANT_FRESH_MS - 1)).toEqual(grant)
    expect(freshJoinGrant(qc, 'i1', at + JOIN_GRANT_FRESH_MS)).toBeUndefined()
    expect(freshJoinGrant(qc, 'other', at)).toBeUndefined()
  })
})
