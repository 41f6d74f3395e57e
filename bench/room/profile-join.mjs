// One join, profiled: the CPU profile of the joining page from the click to the first remote frame, with the
// functions that took the most time (self and total). Build the web app unminified for names.
import { launch, signInDemo } from '../../e2e/browser.mjs';
import { createInterview, userId } from '../../e2e/api.mjs';
import { joinCall } from '../../e2e/room.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
// WINDOW=ms: also the time per function in the first WINDOW ms after the click (the join's start, where the
// connection's first steps share the main thread with the click's rendering).
const WINDOW = Number(process.env.WINDOW ?? 0);
const [ada, grace] = await Promise.all([launch(), launch()]);
try {
  await Promise.all([signInDemo(ada.page, 'ada@interviewprep.dev'), signInDemo(grace.page, 'grace@interviewprep.dev')]);
  const iv = await createInterview(ada.page, { title: 'Profile', candidate: 'grace@interviewprep.dev', interviewers: ['alan@interviewprep.dev'], instant: true });
  const adaId = await userId(ada.page, 'ada@interviewprep.dev');
  await joinCall(ada.page, iv.id);
  const remote = `[data-testid="participant-tile"][data-identity="${adaId}"][data-source="camera"] video`;
  const cdp = await grace.context.newCDPSession(grace.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const self = new Map(); const total = new Map(); const early = new Map();
  for (let run = 0; run < RUNS; run++) {
    await grace.page.goto(`/interviews/${iv.id}/room`);
    await grace.page.getByTestId('setup-preview').locator('video').waitFor();
    await grace.page.waitForFunction(() => !document.querySelector('[data-testid="setup-join"]')?.disabled);
    await grace.page.waitForTimeout(1500);
    await cdp.send('Profiler.start');
    const t = await grace.page.evaluate((sel) => new Promise((resolve) => {
      // A marker the profile can find: the click follows it at once.
      const clickMarker = () => { const end = performance.now() + 3; while (performance.now() < end) { /* spin */ } };
      clickMarker();
      const t0 = performance.now();
      document.querySelector('[data-testid="setup-join"]').click();
      const seen = new Set();
      const look = () => {
        for (const v of document.querySelectorAll(sel)) {
          if (seen.has(v)) continue;
          seen.add(v);
          v.requestVideoFrameCallback(() => resolve(performance.now() - t0));
        }
        setTimeout(look, 5);
      };
      look();
    }), remote);
    const { profile } = await cdp.send('Profiler.stop');
    console.log(`run ${run + 1}: ${t.toFixed(0)} ms`);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const counts = new Map();
    for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
    const dt = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
    const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    if (WINDOW > 0) {
      // Sample times (µs); the click is where the marker's samples end.
      const at = []; let now = profile.startTime;
      for (const d of profile.timeDeltas) { now += d; at.push(now); }
      const marker = profile.samples.map((s, i) => [byId.get(s).callFrame.functionName === 'clickMarker', at[i]]).filter(([m]) => m).map(([, t]) => t);
      const click = marker.length ? Math.max(...marker) : profile.startTime;
      profile.samples.forEach((s, i) => {
        if (at[i] < click || at[i] > click + WINDOW * 1000) return;
        const dtMs = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i]) / 1000;
        const seenNames = new Set();
        for (let cur = s; cur !== undefined; cur = parent.get(cur)) {
          const nm = name(byId.get(cur));
          if (seenNames.has(nm)) continue;
          seenNames.add(nm);
          early.set(nm, (early.get(nm) ?? 0) + dtMs);
        }
      });
    }
    for (const [id, c] of counts) {
      const n = byId.get(id);
      self.set(name(n), (self.get(name(n)) ?? 0) + c * dt);
      const seenNames = new Set();
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const nm = name(byId.get(cur));
        if (seenNames.has(nm)) continue;
        seenNames.add(nm);
        total.set(nm, (total.get(nm) ?? 0) + c * dt);
      }
    }
    await grace.page.getByTestId('leave').click();
    await grace.page.waitForURL(`**/interviews/${iv.id}`);
  }
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, ms]) => `  ${(ms / RUNS).toFixed(1).padStart(7)} ms  ${n}`).join('\n');
  console.log(`\nself time per join (ms, mean of ${RUNS}):\n${top(self, 40)}`);
  console.log(`\ntotal time per join:\n${top(total, 60)}`);
  const app = new Map([...total].filter(([n]) => !/ (react|livekit)-|:-1$/.test(n)));
  console.log(`\ntotal time per join, app and other libraries' code:\n${top(app, 50)}`);
  if (WINDOW > 0) console.log(`\ntotal time in the first ${WINDOW} ms after the click:\n${top(early, 70)}`);
} finally {
  await Promise.all([ada, grace].map((b) => b.context.close()));
}
