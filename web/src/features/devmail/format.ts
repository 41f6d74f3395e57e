import type { MailAddress } from './schema'

export function formatAddress(address: MailAddress | null | undefined): string {
  if (!address) return '(unknown sender)'
  if (address.Name && address.Address) return `${address.Name} <${address.Address}>`
  return address.Name || address.Address || '(unknown sender)'
}

export function shortName(address: MailAddress | null | undefined): string {
  if (!address) return '(unknown sender)'
  return address.Name || address.Address || '(unknown sender)'
}

/** Today: "14:05"; otherwise "27 Nov". */
export function formatListDate(iso: string | undefined, now: Date = new Date()): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return date.toDateString() === now.toDateString()
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString([], { day: 'numeric', month: 'short' })
}

export function formatFullDate(iso: string | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString()
}
