import { describe, expect, it } from 'vitest'
import { z } from 'zod'

import { listOf } from './schema'

describe('listOf', () => {
  const body = z.object({ items: listOf(z.number()) })

  it('reads null or a missing list as empty, and keeps a list', () => {
    expect(body.parse({ items: null }).items).toEqual([])
    expect(body.parse({}).items).toEqual([])
    expect(body.parse({ items: [1, 2] }).items).toEqual([1, 2])
  })

  it('refuses a list with a bad item', () => {
    expect(body.safeParse({ items: [1, 'two'] }).success).toBe(false)
  })
})
