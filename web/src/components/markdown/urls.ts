/**
 * The links and images a statement may carry: http(s) and mailto anywhere, and paths on this site. Anything else
 * (javascript:, data:, vbscript:, protocol-relative "//host", "/\host") is dropped, and the link shows as its text.
 */
export function safeUrl(url: string): string | null {
  const trimmed = url.trim()
  if (trimmed === '') return null
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed
  // Same-site paths; "//host" and "/\host" would leave the site, so neither is one.
  if (/^(\/(?![/\\])|#|\.{1,2}\/)/.test(trimmed) && !/[:\\]/.test(trimmed)) return trimmed
  return null
}

/** Whether a (safe) URL leaves the site, so its link opens in a new tab without referrer or opener. */
export function isExternal(url: string): boolean {
  return /^(https?:|mailto:)/i.test(url)
}
