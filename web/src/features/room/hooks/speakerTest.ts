/**
 * Plays a short two-note chime through the chosen output (`setSinkId`), so people can check their speaker before
 * joining. Resolves when it has finished.
 */
export async function playTestSound(sinkId: string): Promise<void> {
  const context = new AudioContext()
  try {
    const destination = context.createMediaStreamDestination()
    const gain = context.createGain()
    gain.connect(destination)
    const audio = new Audio()
    audio.srcObject = destination.stream
    if (sinkId && typeof audio.setSinkId === 'function') await audio.setSinkId(sinkId)
    await audio.play()
    const start = context.currentTime + 0.05
    for (const [i, frequency] of [660, 880].entries()) {
      const oscillator = context.createOscillator()
      oscillator.frequency.value = frequency
      oscillator.connect(gain)
      oscillator.start(start + i * 0.25)
      oscillator.stop(start + i * 0.25 + 0.22)
    }
    gain.gain.setValueAtTime(0.0001, start)
    gain.gain.exponentialRampToValueAtTime(0.25, start + 0.03)
    gain.gain.setValueAtTime(0.25, start + 0.45)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.5)
    await new Promise((resolve) => setTimeout(resolve, 700))
    audio.pause()
  } finally {
    void context.close()
  }
}
