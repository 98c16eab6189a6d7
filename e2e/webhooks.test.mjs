// ATT_E2E_WEBHOOKS: scripts/test starts this file's server with a webhook endpoint on a free
// port (ATT_E2E_WEBHOOK_PORT) and a signing secret (ATT_E2E_WEBHOOK_SECRET), and this file
// plays the vendor there.
//
// Webhooks to the vendor (issue 33, our extension; docs/api.md, README "Webhooks"), against the
// reference backend and its demo data: every request the receiver gets is checked with the
// README's verification code (examples/webhooks/verify.mjs, the README's snippet verbatim);
// the demo's "Metrics exporter" (5 days left) gets its 7-day reminder, which then shows in its
// Details as "Reminder sent"; a delete through the API is told once, signed, and listed among
// the tenant's deliveries for an admin, not for a viewer.
// Screenshot: details-reminder.png (docs/screenshots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { api, axeViolations, jwtOf, launch, screenshotPath, signInOn } from './browser.mjs';
import { verifyWebhook } from '../examples/webhooks/verify.mjs';

const PORT = Number(process.env.ATT_E2E_WEBHOOK_PORT);
const SECRET = process.env.ATT_E2E_WEBHOOK_SECRET;
if (!PORT || !SECRET) {
  throw new Error('ATT_E2E_WEBHOOK_PORT and ATT_E2E_WEBHOOK_SECRET are not set: run it through scripts/test');
}

// What the receiver got: verified events with their webhook-id, and what failed the check.
const got = [];
const refused = [];
let receiver;
let browser;

before(async () => {
  receiver = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        got.push({ id: req.headers['webhook-id'], event: verifyWebhook(SECRET, req.headers, body) });
        res.writeHead(204).end();
      } catch (e) {
        refused.push(`${e.message}: ${body}`);
        res.writeHead(401).end();
      }
    });
  });
  await new Promise((ok) => receiver.listen(PORT, '127.0.0.1', ok));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  receiver?.close();
});

// Waits (up to 60 s: an event written before this receiver listened, at the server's start, is
// retried 5 s later, then 30 s after that) for an event `check` accepts.
async function received(what, check) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    assert.deepEqual(refused, [], 'every request is signed with the secret');
    const found = got.filter((g) => check(g.event));
    if (found.length) return found;
    assert.ok(Date.now() < deadline, `${what}: got ${JSON.stringify(got.map((g) => g.event.type))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("the README's verification snippet is examples/webhooks/verify.mjs, the code this file checks with", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const code = readFileSync(new URL('../examples/webhooks/verify.mjs', import.meta.url), 'utf8');
  assert.ok(readme.includes('```js\n' + code + '```'), 'README holds examples/webhooks/verify.mjs verbatim in a js block');
  // And it refuses what the backend did not sign, or signed too long ago.
  const now = String(Math.floor(Date.now() / 1000));
  const forged = { 'webhook-id': 'msg_1', 'webhook-timestamp': now, 'webhook-signature': 'v1,AAAA' };
  assert.throws(() => verifyWebhook(SECRET, {}, '{}'), /not a signed webhook/);
  assert.throws(() => verifyWebhook(SECRET, forged, '{}'), /does not match/);
  assert.throws(() => verifyWebhook(SECRET, { ...forged, 'webhook-timestamp': '1614265330' }, '{}'), /too far/);
});

test('a 7-day reminder for the demo\'s "Metrics exporter" arrives signed, once, and shows in its Details', async () => {
  const [reminder] = await received('the 7-day reminder', (e) => e.type === 'token.expiring' && e.data.token.description === 'Metrics exporter');
  const data = reminder.event.data;
  assert.equal(data.milestone, 7);
  // Whole days from the event's time to the expiry (under 7: the demo token has 5 days).
  const left = Math.floor((Date.parse(data.token.expiresAt) - Date.parse(reminder.event.timestamp)) / 86_400_000);
  assert.equal(data.daysLeft, left);
  assert.ok(left < 7, String(left));
  assert.equal(data.tenant.name, 'Acme');
  assert.equal(data.token.owner, 'account');
  assert.ok(data.notify.admins.some((a) => a.email === 'admin@acme.test'), JSON.stringify(data.notify));
  assert.ok(!JSON.stringify(reminder.event).includes('secret'), 'no secret in a body');

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  await signInOn(page, 'admin@acme.test');
  await page.getByRole('button', { name: 'Actions for Metrics exporter', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Details' }).click();
  const details = page.getByRole('dialog', { name: 'Details of “Metrics exporter”' });
  const history = details.locator('ol.att-history > li');
  await history.first().waitFor();
  const lines = (await history.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  assert.ok(
    lines.some((l) => /^Reminder sent: 7 days before expiry · (now|\d+ (seconds?|minutes?) ago)/.test(l)),
    lines.join('\n'),
  );
  assert.deepEqual(await axeViolations(page, 'details with a reminder'), []);
  await details.screenshot({ path: screenshotPath('details-reminder') });
  await context.close();
  assert.equal(got.filter((g) => g.id === reminder.id).length, 1, 'delivered once');
});

test('a delete is told to the vendor once, signed, and listed among the deliveries for an admin only', async () => {
  const jwt = await jwtOf('admin@acme.test');
  const made = await api(jwt, 'POST', 'users/access-tokens/v1', { description: `e2e told ${Date.now()}` });
  assert.equal(made.status, 201);
  const id = made.body.id;
  const gone = await api(jwt, 'DELETE', `users/access-tokens/v1/${id}`);
  assert.ok([200, 204].includes(gone.status), String(gone.status));
  const [told] = await received('the delete', (e) => e.type === 'token.deleted' && e.data.token.id === id);
  assert.equal(told.event.data.actor.name, 'Adam Admin');
  assert.equal(told.event.data.token.owner, 'personal');
  assert.ok(!JSON.stringify(told.event).includes(made.body.secret), 'not the secret');

  const deadline = Date.now() + 10_000;
  let listed;
  do {
    const { status, body } = await api(jwt, 'GET', 'webhooks/v1/deliveries');
    assert.equal(status, 200);
    assert.equal(body.webhooks, true);
    listed = body.items.find((d) => d.id === told.id);
    if (listed?.status === 'delivered') break;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  assert.equal(listed?.status, 'delivered', JSON.stringify(listed));
  assert.equal(listed.type, 'token.deleted');
  assert.equal(listed.tokenId, id);
  const viewer = await jwtOf('viewer@acme.test');
  assert.equal((await api(viewer, 'GET', 'webhooks/v1/deliveries')).status, 403);
});
