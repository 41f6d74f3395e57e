// The live editor as the browser tests drive it: open the room's code view, read Monaco's text (through the
// editor's test seam, `ipEditor` on [data-testid=code-editor]), put the caret somewhere and type.

/** Opens interview `id`'s code, problem and notes without the call, and waits until the editor is bound and live. */
export async function openCode(page, id, { live = true } = {}) {
  await page.goto(`/interviews/${id}/room?view=code`);
  await page.waitForFunction(() => document.querySelector('[data-testid="code-editor"]')?.ipEditor !== undefined,
    null, { timeout: 30_000 });
  if (live) await page.locator('[data-testid="sync-status"][data-status="live"]').waitFor({ timeout: 30_000 });
}

/** The editor's text. */
export function editorText(page) {
  return page.evaluate(() => document.querySelector('[data-testid="code-editor"]').ipEditor.getValue());
}

/** Puts the caret at UTF-16 offset `offset` and focuses the editor. */
export function caretAt(page, offset) {
  return page.evaluate((o) => document.querySelector('[data-testid="code-editor"]').ipEditor.setOffset(o), offset);
}

/** Types `text` at `offset`. */
export async function typeAt(page, offset, text) {
  await caretAt(page, offset);
  await page.keyboard.type(text);
}

/** Waits until every page's editor shows the same text, and returns it. */
export async function converged(pages, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let texts = [];
  while (Date.now() < deadline) {
    texts = await Promise.all(pages.map(editorText));
    if (texts.every((t) => t === texts[0])) return texts[0];
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`editors did not converge in ${timeout} ms: lengths ${texts.map((t) => t.length).join(', ')}`);
}

/** Waits until the page's editor text satisfies `predicate`. */
export async function waitForText(page, predicate, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = await editorText(page);
    if (predicate(text)) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`editor never showed ${what}; it has ${JSON.stringify(text.slice(0, 300))}`);
}
