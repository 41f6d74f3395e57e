// Accessibility checks with axe-core, run inside the page under test.
//
// axe's source is evaluated through the DevTools protocol (page.evaluate), not injected as a <script>: the
// app's CSP allows only its own hashed scripts, and the check must see the page exactly as users get it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Impacts that fail a test; "minor" and "moderate" findings are reported by axe but not blocking. */
export const blockingImpacts = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it is now and returns the serious and critical violations, each as
 * "rule (impact): help — selectors", ready for an assertion message.
 */
export async function a11yViolations(page) {
  // Check the page at rest: a menu that is still animating closed keeps the rest of the page aria-hidden,
  // and colours caught mid-transition (a theme switch) are neither theme's.
  // (Endless ones — a spinner, a pulsing placeholder — are part of the page, not a change under way.)
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'
    || a.effect?.getTiming().iterations === Infinity));
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // WCAG 2.x A and AA plus axe's best practices: what the rule names in the issue tracker refer to.
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => blockingImpacts.has(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
}

/** Fails with every serious or critical violation axe finds on the page, named by `where`. */
export async function assertAccessible(page, where) {
  const found = await a11yViolations(page);
  if (found.length > 0) {
    throw new Error(`axe-core: ${found.length} serious or critical violation(s) on ${where} (${page.url()}):\n  ${found.join('\n  ')}`);
  }
}
