/** Two participants' handles on one document, in two automerge-repo Repos with no network between them. */
// The node entry of @automerge/automerge initialises the wasm that the slim entries (used by the code) share.
import { save } from '@automerge/automerge'
import { Repo, type DocHandle } from '@automerge/automerge-repo/slim'

export interface TestDoc {
  source: string
  language: string
}

export interface Peers {
  a: DocHandle<TestDoc>
  b: DocHandle<TestDoc>
  /**
   * Delivers each side's changes to the other. `DocHandle.merge` runs `Automerge.merge` through `handle.update`,
   * the same path (and the same 'change' event with patches) as changes arriving from a sync message.
   */
  sync(): void
}

export function twoPeers(source: string): Peers {
  const repoA = new Repo()
  const a = repoA.create<TestDoc>({ source, language: 'python' })
  const repoB = new Repo()
  const b = repoB.import<TestDoc>(save(a.doc()))
  return {
    a,
    b,
    sync() {
      a.merge(b)
      b.merge(a)
    },
  }
}
