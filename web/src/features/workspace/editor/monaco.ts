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

// Monaco's own themes with the token colours that fall under 4.5:1 made darker (light) or lighter (dark), also
// under a remote selection's tint: comments in vs-dark are #608b4e on #1e1e1e (4.2:1).
monaco.editor.defineTheme('ip-light', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '006a00' },
    { token: 'number', foreground: '056443' },
    { token: 'type', foreground: '1b6479' },
    { token: 'attribute.name', foreground: 'b30000' },
  ],
  colors: {},
})
monaco.editor.defineTheme('ip-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '8cb87a' },
    { token: 'regexp', foreground: 'e07a7a' },
  ],
  colors: { 'editorLineNumber.foreground': '#9a9a9a' },
})

export const THEMES = { light: 'ip-light', dark: 'ip-dark' } as const

export { monaco }
