/**
 * Full-page navigation, kept behind an object so tests can spy on it (jsdom cannot navigate).
 * Use it for anything that must leave the SPA: Kratos's browser flows, logout, OIDC.
 */
export const browser = {
  assign(url: string): void {
    window.location.assign(url)
  },
  origin(): string {
    return window.location.origin
  },
}
