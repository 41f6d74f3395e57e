import wasmUrl from '@automerge/automerge/automerge.wasm?url'
import { initializeWasm, isWasmInitialized } from '@automerge/automerge/slim'

let wasm: Promise<void> | null = null

/**
 * Loads Automerge's wasm once per page (the slim entry points leave it to us; Vite serves the file). It imports
 * Automerge's slim entry only, never automerge-repo, so the replay's chunk uses it without pulling in the repo.
 * Already initialised (a test imported the full package): nothing to do.
 */
export function loadAutomerge(): Promise<void> {
  if (isWasmInitialized()) return Promise.resolve()
  wasm ??= initializeWasm(wasmUrl)
  return wasm
}
