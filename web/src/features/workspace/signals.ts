import type { Signal } from './api'

/** A signal's time of day, to the second. */
export function clock(at: string): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`
}

/** One signal as a fact with its time: never a verdict. */
export function signalText(signal: Signal): string {
  return signal.kind === 'paste'
    ? `Pasted ${signal.chars ?? 0} characters into the editor`
    : `Away from the page for ${seconds(signal.awayMs ?? 0)}`
}

