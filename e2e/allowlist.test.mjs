// ATT_E2E_TRUST_PROXY
// A token's IP allowlist (issue 34; our extension, docs/api.md "A token's IP allowlist") against
// the reference backend, which scripts/test starts with --trust-proxy for this file (the marker
// above), so a test can say where a use comes from with X-Forwarded-For as a reverse proxy
// would. An allowlist typed into the tab's generate form is checked as typed and sent; the
// backend admits uses from its networks and refuses one from elsewhere with its own message;
// the refusal shows in the chart's words and the history; Edit adds the recent addresses, warns
// before leaving out the last one, and the new list holds at once. axe in light and dark;
// screenshots: generate-allowlist.png, details-allowlist(-dark).png, edit-allowlist-warning.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, axeViolations, jwtOf, api, launch, screenshotPath, signInOn, visitorPage } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// An exchange of `clientId`/`secret` as if from `ip` (the proxy's X-Forwarded-For): its status
// and body.
async function exchangeFrom(ip, clientId, secret) {
  const resp = await fetch(BASE_URL + '/frontegg/identity/resources/auth/v2/api-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ clientId, secret }),
  });
  return { status: resp.status, body: await resp.json().catch(() => null) };
}

// Waits until the backend has counted `uses` and `refused` for client `id` (today and
// yesterday: a run across midnight UTC counts on two days).
async function counted(jwt, id, uses, refused) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { body } = await api(jwt, 'GET', `tenants/api-tokens/v1/${id}/usage?days=2`);
    const sum = (k) => body.days.reduce((n, d) => n + d[k], 0);
    if (sum('uses') === uses && sum('refused') === refused) return;
    assert.ok(Date.now() < deadline, JSON.stringify(body));
    await new Promise((r) => setTimeout(r, 200));
  }
}

let made; // { name, clientId, secret }, from the first test

test('an allowlist typed into the generate form is checked as typed, sent, and holds at the exchange', async () => {
  const { page, errors } = await visitorPage(browser);
  await signInOn(page, 'admin@acme.test');
  const name = `e2e pinned ${Date.now()}`;
  await page.getByRole('button', { name: 'Generate token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate client credentials' });
  await dialog.waitFor();
  await dialog.getByLabel('Description').fill(name);
  await dialog.getByRole('checkbox', { name: /Viewer/ }).check();
  const list = dialog.getByLabel('IP allowlist');
  await list.fill('198.51.100.7/24\n2001:db8::/32');
  await list.blur();
  await dialog
    .getByText('Line 1, “198.51.100.7/24”: bits are set past the prefix length. Did you mean 198.51.100.0/24?')
    .waitFor();
  assert.equal(await list.getAttribute('aria-invalid'), 'true');
  await dialog.screenshot({ path: screenshotPath('generate-allowlist') });
  await list.fill('198.51.100.0/24\n2001:db8::/32');
  await dialog.locator('.att-allowlist-errors li').first().waitFor({ state: 'detached' });
  await dialog.getByRole('button', { name: 'Generate token' }).click();
  const secretDialog = page.getByRole('dialog', { name: 'Copy your token now' });
  await secretDialog.waitFor();
  const clientId = (await secretDialog.locator('dd code').first().textContent()).trim();
  await secretDialog.getByRole('button', { name: 'Copy secret' }).click();
  await secretDialog.getByText('Copied').first().waitFor();
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  await secretDialog.getByLabel('I have copied it and stored it safely').check();
  await secretDialog.getByRole('button', { name: 'Done' }).click();
  await secretDialog.waitFor({ state: 'detached' });
  made = { name, clientId, secret };

  // The backend stored the canonical list; uses from inside work, IPv4-mapped too.
  const jwt = await jwtOf('admin@acme.test');
  const listed = (await api(jwt, 'GET', 'tenants/api-tokens/v1')).body.find((t) => t.clientId === clientId);
  assert.deepEqual(listed.allowedCidrs, ['198.51.100.0/24', '2001:db8::/32']);
  assert.equal((await exchangeFrom('198.51.100.7', clientId, secret)).status, 200);
  assert.equal((await exchangeFrom('::ffff:198.51.100.8', clientId, secret)).status, 200);
  const refused = await exchangeFrom('203.0.113.9', clientId, secret);
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.body.errors, [
    'this token cannot be used from 203.0.113.9: the address is not on its IP allowlist',
  ]);
  // A wrong secret from outside is the usual refusal.
  assert.equal((await exchangeFrom('203.0.113.9', clientId, 'A'.repeat(43))).status, 401);

  // Marked in the list, and found by its networks.
  const row = page.getByRole('row').filter({ hasText: name });
  await row.getByText('IP allowlist: 2 entries').waitFor();
  await page.getByRole('searchbox', { name: 'Search tokens' }).fill('2001:db8::');
  await page.locator('.att-count', { hasText: /^Showing 1 of \d+ tokens$/ }).waitFor();
  assert.deepEqual(errors, []);
  await page.context().close();
});

for (const scheme of ['light', 'dark']) {
  test(`the refusal shows in Details: in the chart's words, the addresses and the history (${scheme})`, async () => {
    assert.ok(made, 'the first test made the token');
    const jwt = await jwtOf('admin@acme.test');
    // 2 uses; a refusal from outside and a wrong secret.
    await counted(jwt, made.clientId, 2, 2);
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await signInOn(page, 'admin@acme.test');
    await page.getByRole('button', { name: `Actions for ${made.name}`, exact: true }).click();
    await page.getByRole('menuitem', { name: 'Details' }).click();
    const details = page.getByRole('dialog', { name: `Details of “${made.name}”` });
    const summary = details.locator('.att-usage-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /^2 uses and 2 refused attempts in the last 30 days\./);
    assert.deepEqual(
      (await details.locator('.att-allowlist-entries li').allInnerTexts()).map((t) => t.trim()),
      ['198.51.100.0/24', '2001:db8::/32'],
    );
    const history = details.locator('.att-history');
    await history.getByText('1 use refused: address not on the IP allowlist', { exact: false }).waitFor();
    assert.match(await history.innerText(), /1 use refused: address not on the IP allowlist · .+ · from 203\.0\.113\.9/);
    assert.deepEqual(await axeViolations(page, `details with an allowlist (${scheme})`), []);
    await details.screenshot({ path: screenshotPath(scheme === 'light' ? 'details-allowlist' : `details-allowlist-${scheme}`) });
    await context.close();
  });
}

test('Edit adds the recent addresses, warns before leaving out the last one, and the new list holds at once', async () => {
  assert.ok(made, 'the first test made the token');
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await signInOn(page, 'admin@acme.test');
  await page.getByRole('button', { name: `Actions for ${made.name}`, exact: true }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit “${made.name}”` });
  const list = dialog.getByLabel('IP allowlist');
  assert.equal(await list.inputValue(), '198.51.100.0/24\n2001:db8::/32');
  // The recent addresses are inside the list already: nothing to add.
  await dialog.getByRole('button', { name: 'Add the addresses this token was used from' }).click();
  assert.equal(await list.inputValue(), '198.51.100.0/24\n2001:db8::/32');
  // Pinned elsewhere: the last address is left out; said, then saved when asked again. (The
  // backend writes last use at most once a minute: 198.51.100.7, the first of the two uses.)
  await list.fill('192.0.2.0/24');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  const warning = dialog.getByRole('alert');
  await warning.waitFor();
  assert.match(await warning.innerText(), /^This list does not include 198\.51\.100\.7, the address this token was last used from/);
  assert.deepEqual(await axeViolations(page, 'edit with the warning (dark)'), []);
  await dialog.screenshot({ path: screenshotPath('edit-allowlist-warning') });
  await dialog.getByRole('button', { name: 'Save anyway' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('row').filter({ hasText: made.name }).getByText('IP allowlist: 1 entry').waitFor();
  assert.equal((await exchangeFrom('198.51.100.7', made.clientId, made.secret)).status, 403);
  assert.equal((await exchangeFrom('192.0.2.5', made.clientId, made.secret)).status, 200);
  const jwt = await jwtOf('admin@acme.test');
  const events = (await api(jwt, 'GET', `tenants/api-tokens/v1/${made.clientId}/events`)).body;
  assert.equal(events.filter((e) => e.type === 'allowlistChanged').length, 1);
  assert.equal(events.find((e) => e.type === 'allowlistChanged').actorName, 'Adam Admin');
  await context.close();
});
