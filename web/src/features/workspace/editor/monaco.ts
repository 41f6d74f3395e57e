/**
 * Monaco, bundled (no CDN: the CSP allows only our origin), with only what the room needs: the editor core and its
 * contributions, the three languages' highlighting (Monarch grammars, no language servers) and the one editor
 * worker. This module is the root of the lazy `monaco` chunk; nothing else imports monaco-editor at run time.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js'
import 'monaco-editor/features/register.all.js'
import 'monaco-editor/languages/definitions/java/register.js'
import 'monaco-editor/languages/definitions/javascript/register.js'
import 'monaco-editor/languages/definitions/python/register.js'
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker'

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker }
  }
}

window.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
}

export { monaco }
