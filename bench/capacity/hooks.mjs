// Module hooks for official.mjs (registered with node:module's register):
//  - resolve: the official automerge-repo packages come from bench/collab's node_modules (bench-collab's
//    install), so this benchmark needs no install of its own;
//  - load: automerge-repo's DocSynchronizer waits syncDebounceRate (100 ms) before sending a change; the web
//    build sets it to 16 ms (web/vite.config.ts, automergeSyncRate), and so does this, to measure what a browser
//    sees. The run fails if the package's line changes, as the web build does.
let collabURL = ''
let debounce = 16

export async function initialize(data) {
  collabURL = data.collabURL
  debounce = data.debounce
}

export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@automerge/') && context.parentURL && !context.parentURL.includes('/node_modules/')) {
    return next(specifier, { ...context, parentURL: collabURL })
  }
  return next(specifier, context)
}

const target = 'syncDebounceRate = 100;'

export async function load(url, context, next) {
  const out = await next(url, context)
  if (!url.includes('automerge-repo/dist/synchronizer/DocSynchronizer.js')) return out
  const code = String(out.source)
  if (!code.includes(target)) throw new Error(`capacity: "${target}" not found in ${url}; update hooks.mjs`)
  return { ...out, source: code.replace(target, `syncDebounceRate = ${debounce};`) }
}
