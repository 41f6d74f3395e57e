/**
 * Registers the service worker (public/sw.js) that lets the app open offline, and hands it the build assets the
 * page loaded before it took control. Production builds only: Vite's dev server serves modules, not /assets/.
 */
export function registerOfflineSupport(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  const sendAssets = () => {
    const urls = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => new URL(name, window.location.href).pathname.startsWith('/assets/'))
    navigator.serviceWorker.controller?.postMessage({ type: 'cache-assets', urls })
  }
  navigator.serviceWorker.addEventListener('controllerchange', sendAssets)
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').then(
      () => {
        sendAssets()
      },
      () => undefined,
    )
  })
}

/** Forgets the API reads kept for offline use (on sign-out, so the next person on this browser sees none). */
export function clearOfflineData(): void {
  navigator.serviceWorker.controller?.postMessage({ type: 'clear' })
}
