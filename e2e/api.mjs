// The app's API as the browser tests use it: through a signed-in page's request context (its cookies), with
// the Origin header that state-changing requests need.
import assert from 'node:assert/strict';
import { baseURL } from './browser.mjs';

/** The id of the user with this email (the page's user must be an interviewer or admin). */
export async function userId(page, email) {
  const res = await page.request.get(`/api/users?q=${encodeURIComponent(email)}`);
  assert.equal(res.status(), 200, await res.text());
  const u = (await res.json()).users.find((x) => x.email === email);
  assert.ok(u, `${email} exists`);
  return u.id;
}

/**
 * Schedules an interview as the page's user (who becomes its owner) and returns its JSON.
 * `instant: true` starts it now; otherwise `startsAt` (a Date) is used.
 */
export async function createInterview(page, { title, candidate, interviewers, startsAt, instant = false,
  durationMinutes = 45, problemId }) {
  const res = await page.request.post('/api/interviews', {
    headers: { Origin: baseURL },
    data: {
      title, description: `${title} (browser test)`,
      candidateId: await userId(page, candidate),
      interviewerIds: await Promise.all(interviewers.map((e) => userId(page, e))),
      startsAt: (startsAt ?? new Date()).toISOString(), durationMinutes, instant, problemId,
    },
  });
  assert.equal(res.status(), 201, await res.text());
  return res.json();
}

/** POSTs JSON as the page's user; returns the response. */
export function post(page, path, data) {
  return page.request.post(path, { headers: { Origin: baseURL }, data });
}

/** Waits for a mail to `to` in the dev inbox and returns its text. */
export async function mailTo(page, to, subjectPart) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const list = await (await page.request.get('/api/dev/mail/messages?limit=50')).json();
    const hit = list.messages.find((m) => m.To.some((t) => t.Address === to) && m.Subject.toLowerCase().includes(subjectPart));
    if (hit) {
      const msg = await (await page.request.get(`/api/dev/mail/message/${hit.ID}`)).json();
      return msg.Text;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no mail to ${to} about "${subjectPart}"`);
}
