// The call as the browser tests drive it: open the setup page, join, and check what a person would see and
// hear — real <video> elements whose frames advance, subscribed audio — with Chromium's fake camera and mic.

/** Opens the setup page of interview `id` and joins the call; resolves once the call is shown. */
export async function joinCall(page, id) {
  await page.goto(`/interviews/${id}/room`);
  await page.getByTestId('setup-page').waitFor();
  await page.getByTestId('setup-join').click();
  await page.getByTestId('room').waitFor();
  await page.getByTestId('room-connecting').waitFor({ state: 'detached', timeout: 30_000 });
}

/**
 * Waits until the tile of `identity` (optionally of one track source: 'camera', 'screen_share') plays video:
 * it has decoded frames (videoWidth > 0) and its currentTime advances.
 */
export async function waitForPlayingVideo(page, identity, source = 'camera', timeout = 30_000) {
  const selector = `[data-testid="participant-tile"][data-identity="${identity}"][data-source="${source}"] video`;
  await page.waitForFunction(async (sel) => {
    const v = document.querySelector(sel);
    if (!v || v.videoWidth === 0) return false;
    const t0 = v.currentTime;
    await new Promise((r) => setTimeout(r, 400));
    return v.currentTime > t0;
  }, selector, { timeout, polling: 250 });
}

/** How many remote audio tracks the page plays (live tracks on <audio> elements). */
export function liveAudioTracks(page) {
  return page.evaluate(() => [...document.querySelectorAll('audio')]
    .flatMap((a) => (a.srcObject instanceof MediaStream ? a.srcObject.getAudioTracks() : []))
    .filter((t) => t.readyState === 'live').length);
}
