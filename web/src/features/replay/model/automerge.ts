import wasmUrl from '@automerge/automerge/automerge.wasm?url'
import { initializeWasm, isWasmInitialized } from '@automerge/automerge/slim'

let wasm: Promise<void> | null = null

/**
 * Loads Automerge's wasm once per page, with the slim entry point (as the room does in workspace/collab.ts, without
 * importing automerge-repo). Already initialised (the room was open, or a test imported the full package): nothing.
 */
export function loadAutomerge(): Promise<void> {
  if (isWasmInitialized()) return Promise.resolve()
  wasm ??= initializeWasm(wasmUrl).then(() => undefined)
  return wasm
}
