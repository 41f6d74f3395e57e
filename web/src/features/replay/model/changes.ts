import { decodeChange, getAllChanges, type DecodedChange, type Doc } from '@automerge/automerge/slim'

/** One decoded change, in the replay's order. */
export interface ReplayChange {
  hash: string
  actor: string
  seq: number
  startOp: number
  /** Seconds since the epoch, as the change carries it (normalised, see `changeSeconds`); NaN when it has none. */
  time: number
  /**
   * When the change shows in the replay, seconds since the epoch: never earlier than the changes before it in the
   * replay order (clocks differ between machines), so that "the state at t" is a prefix of the order.
   * -Infinity for changes without a time before any change with one (they belong to the initial state).
   */
  at: number
  message: string
  deps: string[]
  ops: DecodedChange['ops']
}

/**
 * A change's time in seconds. Automerge JS (`change`, and automerge-repo through it) writes whole seconds; the Go
 * server's automerge-go writes milliseconds (its `Commit` passes `time.UnixMilli()`), so a value beyond year 5138
 * in seconds is read as milliseconds. 0 (no time) → NaN.
 */
export function changeSeconds(raw: number): number {
  if (!Number.isFinite(raw) || raw <= 0) return Number.NaN
  return raw > 1e11 ? raw / 1000 : raw
}

/** A binary min-heap of indices by (key, index). */
class Heap {
  private items: number[] = []
  private readonly key: (i: number) => number
  constructor(key: (i: number) => number) {
    this.key = key
  }
  get size(): number {
    return this.items.length
  }
  private less(a: number, b: number): boolean {
    const ka = this.key(a)
    const kb = this.key(b)
    return ka !== kb ? ka < kb : a < b
  }
  push(i: number): void {
    const items = this.items
    items.push(i)
    let c = items.length - 1
    while (c > 0) {
      const p = (c - 1) >> 1
      const cv = items[c] ?? 0
      const pv = items[p] ?? 0
      if (!this.less(cv, pv)) break
      items[c] = pv
      items[p] = cv
      c = p
    }
  }
  pop(): number | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length === 0 || last === undefined) return top
    items[0] = last
    let p = 0
    for (;;) {
      const l = 2 * p + 1
      const r = l + 1
      let m = p
      if (l < items.length && this.less(items[l] ?? 0, items[m] ?? 0)) m = l
      if (r < items.length && this.less(items[r] ?? 0, items[m] ?? 0)) m = r
      if (m === p) break
      const pv = items[p] ?? 0
      items[p] = items[m] ?? 0
      items[m] = pv
      p = m
    }
    return top
  }
}

type Decoded = Pick<DecodedChange, 'hash' | 'actor' | 'seq' | 'startOp' | 'time' | 'message' | 'deps' | 'ops'>

/**
 * The changes in a causal order that follows their times as closely as causality allows (Kahn's algorithm, the
 * earliest ready change first; ties keep the document's own order). A change without a time takes its
 * dependencies' latest.
 */
export function orderChanges(decoded: readonly Decoded[]): ReplayChange[] {
  const byHash = new Map<string, number>()
  decoded.forEach((change, i) => byHash.set(change.hash, i))
  const waiting = new Array<number>(decoded.length).fill(0)
  const dependents: number[][] = decoded.map(() => [])
  decoded.forEach((change, i) => {
    for (const dep of change.deps) {
      const d = byHash.get(dep)
      if (d === undefined) continue // not in the document: nothing to wait for
      waiting[i] = (waiting[i] ?? 0) + 1
      dependents[d]?.push(i)
    }
  })
  const priority = decoded.map((change) => changeSeconds(change.time))
  const finalTime = new Array<number>(decoded.length).fill(Number.NEGATIVE_INFINITY)
  const heap = new Heap((i) => priority[i] ?? 0)
  const ready = (i: number) => {
    const change = decoded[i]
    if (!change) return
    if (Number.isNaN(priority[i])) {
      let latest = Number.NEGATIVE_INFINITY
      for (const dep of change.deps) {
        const d = byHash.get(dep)
        if (d !== undefined) latest = Math.max(latest, finalTime[d] ?? latest)
      }
      priority[i] = latest
    }
    heap.push(i)
  }
  decoded.forEach((_change, i) => {
    if (waiting[i] === 0) ready(i)
  })

  const out: ReplayChange[] = []
  let at = Number.NEGATIVE_INFINITY
  while (heap.size > 0) {
    const i = heap.pop()
    if (i === undefined) break
    const change = decoded[i]
    if (!change) continue
    const p = priority[i] ?? Number.NEGATIVE_INFINITY
    finalTime[i] = p
    at = Math.max(at, p)
    out.push({
      hash: change.hash,
      actor: change.actor,
      seq: change.seq,
      startOp: change.startOp,
      time: changeSeconds(change.time),
      at,
      message: change.message ?? '',
      deps: change.deps,
      ops: change.ops,
    })
    for (const next of dependents[i] ?? []) {
      waiting[next] = (waiting[next] ?? 0) - 1
      if (waiting[next] === 0) ready(next)
    }
  }
  return out
}

/** The document's changes, decoded, in the replay's order. */
export function replayChanges<T>(doc: Doc<T>): ReplayChange[] {
  return orderChanges(getAllChanges(doc).map((bytes) => decodeChange(bytes)))
}

/** The heads after each prefix of `changes`: `heads[k]` after the first k (heads[0] = []). */
export function prefixHeads(changes: readonly ReplayChange[]): string[][] {
  const heads = new Set<string>()
  const out: string[][] = [[]]
  for (const change of changes) {
    for (const dep of change.deps) heads.delete(dep)
    heads.add(change.hash)
    out.push([...heads].sort())
  }
  return out
}

/** How many of `changes` show at `t` (seconds since the epoch): those with `at <= t` (a prefix). */
export function countAt(changes: readonly Pick<ReplayChange, 'at'>[], t: number): number {
  let lo = 0
  let hi = changes.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const at = changes[mid]?.at ?? Number.POSITIVE_INFINITY
    if (at <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}
