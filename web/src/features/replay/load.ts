/**
 * The replay's lazy chunk: the page, Automerge (wasm) and the model. App.tsx lazy-loads it, so the dashboard never
 * downloads Automerge.
 */
export const loadReplayPage = () => import('./ReplayPage')
