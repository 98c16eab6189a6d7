// Rolling a secret with a grace window, and a token's details and history (issue 20; our
// extension of the API, docs/features.md "Roll a secret without an outage" and docs/api.md),
// against the reference backend and its demo data: Acme's "CI deploy pipeline" is inside a
// grace window, "Billing sync service" holds Admin (above a Developer). A roll through the tab
// leaves both secrets working until the previous one is ended through the tab, the window's
// end said to the minute in the page's time zone; the history says who did what from where;
// the roll and the edit are refused, before anything is sent, for a token holding more than
// the user; every new dialog and the grace row pass axe in light and dark,
// and the whole roll works with the keyboard alone.
// Screenshots: roll-dialog.png, grace-window-row.png, details-dialog.png (docs/screenshots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  api,
  API,
  axeViolations,
  DEMO_PASSWORD as PASSWORD,
  exchange,
  focused,
  focusWhere,
  jwtOf,
  launch,
  screenshotPath,
  tabTo,
} from './browser.mjs';

const HOUR_MS = 3_600_000;
// The demo data (backend/src/seed.rs).
const IN_GRACE = 'CI deploy pipeline';
const HOLDS_ADMIN = 'Billing sync service';
const ADMIN_NAME = 'Adam Admin';
// The server sees this test's requests come from 127.0.0.1 (scripts/run: no --trust-proxy).
const FROM = '127\\.0\\.0\\.1';
// The pages' time zone: five and a half hours from UTC, so a window said in UTC or in the
// server's zone, or an hour or a day out, does not read the same.
const ZONE = 'Asia/Kolkata';

// What a row says of a grace window ending at `iso`: the time in the page's zone, formatted by
// the browser's Intl with the zone named (not by the tab, which uses the page's own).
async function graceText(page, iso) {
  const when = await page.evaluate(
    ([at, timeZone]) =>
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(at)),
    [iso, ZONE],
  );
  return `Previous secret valid until ${when}`;
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// An account client-credentials token of the admin's, made through the API: its clientId and
// first secret.
async function newClientToken(jwt, description) {
  const viewer = (await api(jwt, 'GET', 'roles/v1')).body.find((r) => r.name === 'Viewer').id;
  const made = await api(jwt, 'POST', 'tenants/api-tokens/v2', { description, roleIds: [viewer] });
  assert.equal(made.status, 201, `create ${description}`);
  assert.equal(made.body.secret.length, 43);
  return made.body;
}

// The backend's record of an account client-credentials token.
async function record(jwt, clientId) {
  const { status, body } = await api(jwt, 'GET', 'tenants/api-tokens/v1');
  assert.equal(status, 200);
  return body.find((t) => t.clientId === clientId);
}

// The status of the demo route called with an exchanged JWT.
const whoami = async (jwt) =>
  (await fetch(BASE_URL + '/api/demo/whoami', { headers: { authorization: `Bearer ${jwt}` } })).status;

async function signIn(email, { colorScheme = 'light', clipboard = false } = {}) {
  const context = await browser.newContext({
    colorScheme,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: ZONE,
  });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  const page = await context.newPage();
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await table(page).waitFor();
  return page;
}

const table = (page) => page.getByRole('table', { name: 'API tokens' });
const row = (page, description) =>
  table(page)
    .locator('tbody tr')
    .filter({ has: page.locator('td.att-col-description', { hasText: description }) });
const menuButton = (page, description) => page.getByRole('button', { name: `Actions for ${description}`, exact: true });
const rollDialog = (page, description) => page.getByRole('dialog', { name: `Roll the secret of “${description}”?` });
const expireDialog = (page, description) =>
  page.getByRole('alertdialog', { name: `End the previous secret of “${description}” now?` });
const detailsDialog = (page, description) => page.getByRole('dialog', { name: `Details of “${description}”` });
const secretDialog = (page) => page.getByRole('dialog', { name: 'Copy your token now' });

// Opens a row's menu with the mouse and chooses an item.
async function choose(page, description, item) {
  await menuButton(page, description).click();
  await page.getByRole('menuitem', { name: item }).click();
}

// Waits two animation frames: any re-render a handled event scheduled has happened by then.
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));


test('roll with a 1-hour window: both secrets work; ending the window through the tab refuses the old one; the history says so', async () => {
  const jwt = await jwtOf('admin@acme.test');
  const name = `e2e rolled ${Date.now()}`;
  const made = await newClientToken(jwt, name);
  const oldSecret = made.secret;
  const oldJwt = await exchange(made.clientId, oldSecret);
  assert.ok(oldJwt, 'the first secret works before the roll');

  const page = await signIn('admin@acme.test', { clipboard: true });
  assert.equal(await row(page, name).locator('.att-grace').count(), 0, 'no window before the roll');
  await menuButton(page, name).click();
  const items = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());
  assert.ok(items.includes('Roll secret…') && items.includes('Details'), `menu: ${items}`);
  assert.ok(!items.includes('Expire previous secret now'), 'no window to end yet');
  await page.getByRole('menuitem', { name: 'Roll secret…' }).click();
  const dialog = rollDialog(page, name);
  await dialog.waitFor();
  const radios = dialog.getByRole('radio');
  assert.deepEqual(
    await radios.evaluateAll((rs) => rs.map((r) => r.labels[0].textContent.trim())),
    ['No longer: it stops now', 'For 1 hour', 'For 24 hours', 'For 7 days'],
  );
  assert.ok(await dialog.getByRole('radio', { name: 'For 24 hours' }).isChecked(), '24 hours by default');
  await dialog.getByRole('radio', { name: 'For 1 hour' }).check();

  const rotated = page.waitForResponse((r) => r.url().endsWith(`/tenants/api-tokens/v1/${made.clientId}/rotate`));
  const sentFrom = Date.now();
  await dialog.getByRole('button', { name: 'Roll secret', exact: true }).click();
  const resp = await rotated;
  const sentTo = Date.now();
  assert.equal(resp.request().method(), 'POST');
  assert.deepEqual(JSON.parse(resp.request().postData()), { graceMinutes: 60 });
  assert.equal(resp.status(), 200);
  const answer = await resp.json();

  // The new secret, in the same one-time dialog as after a create, read back from the clipboard.
  const shown = secretDialog(page);
  await shown.waitFor();
  assert.equal((await shown.locator('dd code').first().textContent()).trim(), made.clientId, 'the same client ID');
  await shown.getByRole('button', { name: 'Copy secret' }).click();
  await shown.getByText('Copied').first().waitFor();
  const newSecret = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(newSecret, answer.secret, 'the dialog shows the secret the backend answered');
  assert.notEqual(newSecret, oldSecret);
  await shown.getByLabel('I have copied it and stored it safely').check();
  await shown.getByRole('button', { name: 'Done' }).click();
  await shown.waitFor({ state: 'detached' });

  // Both work, at the exchange; the window is an hour, in the backend and on the row.
  const newJwt = await exchange(made.clientId, newSecret);
  assert.ok(newJwt, 'the new secret works');
  assert.ok(await exchange(made.clientId, oldSecret), 'the old secret still works in the window');
  assert.equal(await whoami(oldJwt), 200, "the old secret's JWT works in the window");
  const untilIso = (await record(jwt, made.clientId)).previousSecretExpiresAt;
  const until = Date.parse(untilIso);
  assert.ok(until >= sentFrom + HOUR_MS - 1000 && until <= sentTo + HOUR_MS + 1000, `window until ${new Date(until).toISOString()}`);
  const grace = row(page, name).locator('.att-grace');
  await grace.waitFor();
  // The backend's end of the window, to the minute, in the page's time zone.
  assert.equal((await grace.textContent()).trim(), await graceText(page, untilIso));

  // Ended now, through the row's menu, after a confirmation.
  await choose(page, name, 'Expire previous secret now');
  const confirm = expireDialog(page, name);
  await confirm.waitFor();
  const ended = page.waitForResponse((r) => r.url().endsWith(`/tenants/api-tokens/v1/${made.clientId}/previous-secret`));
  await confirm.getByRole('button', { name: 'Expire previous secret', exact: true }).click();
  const endResp = await ended;
  assert.equal(endResp.request().method(), 'DELETE');
  assert.equal(endResp.status(), 200);
  await confirm.waitFor({ state: 'detached' });
  await grace.waitFor({ state: 'detached' });
  assert.equal((await record(jwt, made.clientId)).previousSecretExpiresAt, null);
  assert.equal(await exchange(made.clientId, oldSecret), null, 'the old secret is refused (401)');
  assert.equal(await whoami(oldJwt), 401, "the old secret's JWT is refused too");
  assert.ok(await exchange(made.clientId, newSecret), 'the new secret still works');
  assert.equal(await whoami(newJwt), 200, "the new secret's JWT still works");
  await menuButton(page, name).click();
  const after = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());
  assert.ok(!after.includes('Expire previous secret now'), `no window to end any more: ${after}`);
  await page.keyboard.press('Escape');

  // Details: the full id, the role with its level, no window, and the history, newest first.
  await choose(page, name, 'Details');
  const details = detailsDialog(page, name);
  await details.waitFor();
  assert.equal((await details.locator('.att-full-id').textContent()).trim(), made.clientId);
  const summary = await details.locator('dl.att-summary').innerText();
  assert.match(summary, /Viewer \(level 3\)/);
  assert.match(summary, /Previous secret\s+None working/);
  const history = details.locator('ol.att-history > li');
  await history.first().waitFor();
  const lines = (await history.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  const by = ` · by ${ADMIN_NAME} · from ${FROM}$`;
  assert.equal(lines.length, 4, lines.join('\n'));
  // The old secret tried at the exchange after its window ended: refused, and counted.
  assert.match(lines[0], new RegExp(`^1 attempt refused · (now|\\d+ (seconds?|minutes?) ago), .+ · from ${FROM}$`));
  assert.match(lines[1], new RegExp(`^Previous secret expired · (now|\\d+ (seconds?|minutes?) ago), .+${by}`));
  assert.match(lines[2], new RegExp(`^Secret rolled · (now|\\d+ (seconds?|minutes?) ago), .+${by}`));
  assert.match(lines[3], new RegExp(`^Created · (now|\\d+ (seconds?|minutes?) ago), .+${by}`));
  // As the backend recorded it.
  const events = await api(jwt, 'GET', `tenants/api-tokens/v1/${made.clientId}/events`);
  assert.equal(events.status, 200);
  assert.deepEqual(
    events.body.map((e) => [e.type, e.actorName, e.ip]),
    [
      ['refusedAttempts', null, '127.0.0.1'],
      ['previousSecretExpired', ADMIN_NAME, '127.0.0.1'],
      ['rotated', ADMIN_NAME, '127.0.0.1'],
      ['created', ADMIN_NAME, '127.0.0.1'],
    ],
  );
  await details.getByRole('button', { name: 'Close' }).click();
  await details.waitFor({ state: 'detached' });

  assert.equal((await api(jwt, 'DELETE', `tenants/api-tokens/v1/${made.clientId}`)).status, 200);
  await page.context().close();
});

test('a token holding a role above the user\'s highest cannot be rolled: the item says why, and choosing it sends nothing', async () => {
  const page = await signIn('dev@acme.test');
  const sent = [];
  page.on('request', (r) => r.method() !== 'GET' && r.url().includes('/frontegg/') && sent.push(`${r.method()} ${r.url()}`));

  // A token at the Developer's own level: offered.
  await menuButton(page, IN_GRACE).click();
  const own = page.getByRole('menuitem', { name: 'Roll secret…' });
  assert.equal(await own.getAttribute('aria-disabled'), null, `${IN_GRACE} holds Developer: it may be rolled`);
  await page.keyboard.press('Escape');

  await menuButton(page, HOLDS_ADMIN).click();
  const item = page.getByRole('menuitem', { name: /^Roll secret…/ });
  await item.waitFor();
  assert.equal(await item.getAttribute('aria-disabled'), 'true');
  const reasonId = await item.getAttribute('aria-describedby');
  assert.ok(reasonId, 'the reason describes the item');
  const reason = page.locator(`[id="${reasonId}"]`);
  assert.equal((await reason.textContent()).trim(), 'Holds “Admin”, above your highest role');
  assert.ok(await reason.isVisible(), 'the reason is said under the item');

  // Clicked (force: Playwright would wait for an aria-disabled item to become enabled), and
  // chosen from the keyboard: the arrows reach it (it stays focusable), Enter and Space.
  await item.click({ force: true });
  await frames(page);
  await page.keyboard.press('Escape');
  await focusWhere(page, (f) => f.name === `Actions for ${HOLDS_ADMIN}`, 'the menu button');
  await page.keyboard.press('Enter');
  await focusWhere(page, (f) => f.role === 'menuitem', 'the first menu item');
  for (let i = 0; i < 5 && !(await focused(page)).name.startsWith('Roll secret…'); i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.match((await focused(page)).name, /^Roll secret…/, 'the arrows reach the blocked item');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  await frames(page);
  assert.equal(await rollDialog(page, HOLDS_ADMIN).count(), 0, 'no roll dialog opened');
  assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog at all');

  // Editing it likewise: the reference backend refuses every write on a token above the user
  // and says so (tokenLifecycle.levelRuleOnEdit), so Edit is disabled with the same reason.
  await page.keyboard.press('Escape');
  await menuButton(page, HOLDS_ADMIN).click();
  const edit = page.getByRole('menuitem', { name: /^Edit/ });
  await edit.waitFor();
  assert.equal(await edit.getAttribute('aria-disabled'), 'true');
  const editReason = page.locator(`[id="${await edit.getAttribute('aria-describedby')}"]`);
  assert.equal((await editReason.textContent()).trim(), 'Holds “Admin”, above your highest role');
  await edit.click({ force: true });
  await frames(page);
  assert.equal(await page.getByRole('dialog').count(), 0, 'no edit dialog opened');
  assert.deepEqual(sent, [], 'no request was sent');

  // The backend holds the same rule (the tab is not the only guard).
  const held = (await api(await jwtOf('admin@acme.test'), 'GET', 'tenants/api-tokens/v1')).body.find(
    (t) => t.description === HOLDS_ADMIN,
  );
  const refused = await api(await jwtOf('dev@acme.test'), 'POST', `tenants/api-tokens/v1/${held.clientId}/rotate`, {
    graceMinutes: 60,
  });
  assert.equal(refused.status, 403);
  assert.match(refused.body.errors[0], /^cannot roll the secret of this token: it has role Admin/);
  const renamed = await api(await jwtOf('dev@acme.test'), 'PATCH', `tenants/api-tokens/v1/${held.clientId}`, {
    description: 'renamed by the developer',
  });
  assert.equal(renamed.status, 403);
  assert.match(renamed.body.errors[0], /^cannot edit this token: it has role Admin/);
  await page.context().close();
});

for (const scheme of ['light', 'dark']) {
  test(`the grace row, the roll dialog, the expire confirmation, the details and a blocked roll have no WCAG 2.2 AA violations (${scheme})`, async () => {
    // Light ones under the names docs/screenshots uses; a dialog as the viewport shows it (a
    // full-page shot would draw the backdrop over the viewport's part only).
    const shot = (name) => screenshotPath(scheme === 'light' ? name : `${name}-${scheme}`);
    const violations = [];
    const page = await signIn('admin@acme.test', { colorScheme: scheme });
    const sent = [];
    page.on('request', (r) => r.method() !== 'GET' && r.url().includes('/frontegg/') && sent.push(`${r.method()} ${r.url()}`));

    const grace = row(page, IN_GRACE).locator('.att-grace');
    await grace.waitFor();
    const admin = await jwtOf('admin@acme.test');
    const inGrace = (await api(admin, 'GET', 'tenants/api-tokens/v1')).body.find((t) => t.description === IN_GRACE);
    const graceSaid = await graceText(page, inGrace.previousSecretExpiresAt);
    assert.equal((await grace.textContent()).trim(), graceSaid);
    violations.push(...(await axeViolations(page, 'list with a row in a grace window')));
    await page.screenshot({ path: shot('grace-window-row'), fullPage: true });

    await menuButton(page, IN_GRACE).click();
    await page.getByRole('menuitem', { name: 'Expire previous secret now' }).waitFor();
    violations.push(...(await axeViolations(page, 'the menu of a row in a grace window')));
    await page.getByRole('menuitem', { name: 'Roll secret…' }).click();
    const roll = rollDialog(page, IN_GRACE);
    await roll.waitFor();
    violations.push(...(await axeViolations(page, 'roll dialog')));
    await page.screenshot({ path: shot('roll-dialog') });
    await roll.getByRole('button', { name: 'Cancel' }).click();
    await roll.waitFor({ state: 'detached' });

    await choose(page, IN_GRACE, 'Expire previous secret now');
    const confirm = expireDialog(page, IN_GRACE);
    await confirm.waitFor();
    violations.push(...(await axeViolations(page, 'expire confirmation')));
    await page.screenshot({ path: shot('expire-previous-dialog') });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });

    await choose(page, IN_GRACE, 'Details');
    const details = detailsDialog(page, IN_GRACE);
    await details.waitFor();
    // The demo history: created, edited, rolled, its window run out, rolled again 3 hours ago.
    const history = details.locator('ol.att-history > li');
    await history.first().waitFor();
    const lines = (await history.allTextContents()).map((t) => t.trim());
    assert.deepEqual(
      lines.map((l) => l.split(' · ')[0]),
      ['Secret rolled', 'Previous secret expired', 'Secret rolled', 'Updated', 'Created'],
      lines.join('\n'),
    );
    assert.match(lines[0], new RegExp(`^Secret rolled · 3 hours ago, .+ · by ${ADMIN_NAME} · from \\S+$`));
    assert.match(await details.locator('dl.att-summary').innerText(), /Previous secret\s+Previous secret valid until /);
    assert.ok((await details.locator('dl.att-summary').innerText()).includes(graceSaid), 'the same end in the details');
    violations.push(...(await axeViolations(page, 'details dialog with its history')));
    await page.screenshot({ path: shot('details-dialog') });
    await details.getByRole('button', { name: 'Close' }).click();
    await details.waitFor({ state: 'detached' });
    assert.deepEqual(sent, [], 'looking sent nothing');
    await page.context().close();

    const dev = await signIn('dev@acme.test', { colorScheme: scheme });
    await menuButton(dev, HOLDS_ADMIN).click();
    // Rolling, renewing (it expires) and editing it are disabled, each saying why.
    const why = dev.getByText('Holds “Admin”, above your highest role');
    await why.first().waitFor();
    assert.equal(await why.count(), 3, 'the roll, the renewal and the edit say why');
    violations.push(...(await axeViolations(dev, 'a roll blocked with its reason')));
    await dev.context().close();

    assert.deepEqual(violations, [], violations.join('\n'));
  });
}

test('roll a secret and end its window with the keyboard alone; focus returns to the row\'s menu button', async () => {
  const jwt = await jwtOf('admin@acme.test');
  const name = `e2e keyboard roll ${Date.now()}`;
  const made = await newClientToken(jwt, name);
  const page = await signIn('admin@acme.test');
  const actions = `Actions for ${name}`;

  await tabTo(page, new RegExp(`^${actions}$`));
  await page.keyboard.press('Enter');
  await focusWhere(page, (f) => f.role === 'menuitem', 'the first menu item');
  for (let i = 0; i < 5 && !(await focused(page)).name.startsWith('Roll secret…'); i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal((await focused(page)).name, 'Roll secret…', 'the arrows reach Roll secret…');
  await page.keyboard.press('Enter');
  const dialog = rollDialog(page, name);
  await dialog.waitFor();
  await focusWhere(page, (f) => f.inDialog, 'the roll dialog');

  // The grace choices are one radio group: Tab reaches the checked one, the arrows move.
  const radio = await tabTo(page, /^For 24 hours$/);
  assert.equal(radio.role, 'input');
  await page.keyboard.press('ArrowDown');
  await focusWhere(page, (f) => f.name === 'For 7 days', 'For 7 days');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await focusWhere(page, (f) => f.name === 'For 1 hour', 'For 1 hour');
  assert.ok(await dialog.getByRole('radio', { name: 'For 1 hour' }).isChecked(), 'the arrows choose');
  const rotated = page.waitForResponse((r) => r.url().endsWith(`/${made.clientId}/rotate`));
  await tabTo(page, /^Roll secret$/);
  await page.keyboard.press('Enter');
  const resp = await rotated;
  assert.equal(resp.status(), 200);
  assert.deepEqual(JSON.parse(resp.request().postData()), { graceMinutes: 60 });

  const shown = secretDialog(page);
  await shown.waitFor();
  await focusWhere(page, (f) => f.inDialog, 'the secret dialog');
  await tabTo(page, /I have copied it/);
  await page.keyboard.press('Space');
  await tabTo(page, /^Done$/);
  await page.keyboard.press('Enter');
  await shown.waitFor({ state: 'detached' });
  // The row was rebuilt with its window; focus is on its menu button.
  await row(page, name).locator('.att-grace').waitFor();
  await focusWhere(page, (f) => f.name === actions && f.role === 'button', `the menu button "${actions}"`);
  assert.ok(await menuButton(page, name).evaluate((b) => b === b.getRootNode().activeElement), 'that very button');

  // Ending the window, the same way: Enter, End or arrows, Enter, then confirm.
  await page.keyboard.press('Enter');
  await focusWhere(page, (f) => f.role === 'menuitem', 'the first menu item');
  for (let i = 0; i < 5 && (await focused(page)).name !== 'Expire previous secret now'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal((await focused(page)).name, 'Expire previous secret now');
  await page.keyboard.press('Enter');
  const confirm = expireDialog(page, name);
  await confirm.waitFor();
  await tabTo(page, /^Expire previous secret$/);
  await page.keyboard.press('Enter');
  await confirm.waitFor({ state: 'detached' });
  await row(page, name).locator('.att-grace').waitFor({ state: 'detached' });
  await focusWhere(page, (f) => f.name === actions && f.role === 'button', `the menu button "${actions}"`);
  assert.equal((await record(jwt, made.clientId)).previousSecretExpiresAt, null, 'the window was ended');

  assert.equal((await api(jwt, 'DELETE', `tenants/api-tokens/v1/${made.clientId}`)).status, 200);
  await page.context().close();
});

test('a renewal (our extension, issue 33) shows in the row\'s expiry and in Details as "Expiry renewed"', async () => {
  const jwt = await jwtOf('admin@acme.test');
  const name = `e2e renewed ${Date.now()}`;
  const viewer = (await api(jwt, 'GET', 'roles/v1')).body.find((r) => r.name === 'Viewer').id;
  const made = await api(jwt, 'POST', 'tenants/api-tokens/v2', { description: name, roleIds: [viewer], expiresInMinutes: 60 });
  assert.equal(made.status, 201);
  const renewed = await api(jwt, 'POST', `tenants/api-tokens/v1/${made.body.clientId}/renew`, { expiresInMinutes: 43200 });
  assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
  assert.equal(renewed.body.clientId, made.body.clientId);
  assert.ok(await exchange(made.body.clientId, made.body.secret), 'the same secret still works');

  const page = await signIn('admin@acme.test');
  // 30 days ahead, not within the hour the token was made with: a plain date, not "soon".
  const expires = row(page, name).locator('.att-col-expires');
  await expires.waitFor();
  assert.equal(await expires.locator('.att-expiry-soon').count(), 0, await expires.innerText());
  assert.doesNotMatch(await expires.innerText(), /hour|minute/);
  await choose(page, name, 'Details');
  const details = detailsDialog(page, name);
  const history = details.locator('ol.att-history > li');
  await history.first().waitFor();
  const lines = (await history.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[0], new RegExp(`^Expiry renewed · (now|\\d+ (seconds?|minutes?) ago), .+ · by ${ADMIN_NAME} · from ${FROM}$`));
  assert.match(lines[1], /^Created · /);
  await page.context().close();
});

for (const scheme of ['light', 'dark']) {
  test(`renew through the tab: the expiring filter finds the token, the dialog passes axe, the backend holds the new expiry (${scheme})`, async () => {
    const shot = (name) => screenshotPath(scheme === 'light' ? name : `${name}-${scheme}`);
    const jwt = await jwtOf('admin@acme.test');
    const name = `e2e renew ${scheme} ${Date.now()}`;
    const viewer = (await api(jwt, 'GET', 'roles/v1')).body.find((r) => r.name === 'Viewer').id;
    // Two days left: "expires soon", and within the 30-day filter.
    const made = await api(jwt, 'POST', 'tenants/api-tokens/v2', { description: name, roleIds: [viewer], expiresInMinutes: 2880 });
    assert.equal(made.status, 201);
    const page = await signIn('admin@acme.test', { colorScheme: scheme });
    const violations = [];

    await page.getByLabel('Expiring in 30 days').check();
    await row(page, name).waitFor();
    const listed = await table(page).locator('tbody tr').count();
    const count = await page.locator('.att-expiring-count').innerText();
    assert.equal(count, `${listed} expiring in 30 days`, 'the count is what the filter shows');
    assert.equal(await row(page, name).locator('.att-expiry-soon').count(), 1, 'marked as expiring soon');
    violations.push(...(await axeViolations(page, 'the expiring filter')));

    await choose(page, name, 'Renew…');
    const dialog = page.getByRole('dialog', { name: `Renew “${name}”` });
    await dialog.getByLabel('Expiration').waitFor();
    assert.match(await dialog.innerText(), /keeps its ID and its secret/);
    const offered = await dialog.getByLabel('Expiration').locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(offered, ['1', '7', '30', '90', '365', 'custom'], 'no "Never"');
    violations.push(...(await axeViolations(page, 'renew dialog')));
    await page.screenshot({ path: shot('renew-dialog') });
    await dialog.getByLabel('Expiration').selectOption('90');
    const sentAt = Date.now();
    await dialog.getByRole('button', { name: 'Renew', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    const record = (await api(jwt, 'GET', 'tenants/api-tokens/v1')).body.find((t) => t.clientId === made.body.clientId);
    const minutes = (Date.parse(record.expires) - sentAt) / 60_000;
    assert.ok(Math.abs(minutes - 90 * 1440) < 2, `90 days from the click: ${record.expires}`);
    assert.equal(record.clientId, made.body.clientId, 'the same token');
    assert.ok(await exchange(made.body.clientId, made.body.secret), 'its secret still works');
    // Out of the 30-day filter now, and said to screen readers.
    await row(page, name).waitFor({ state: 'detached' });
    await page.getByText(`“${name}” was renewed: it now expires on `).waitFor({ state: 'attached' });
    await page.getByLabel('Expiring in 30 days').uncheck();
    assert.equal(await row(page, name).locator('.att-expiry-soon').count(), 0, 'no longer expiring soon');
    assert.deepEqual(violations, []);
    await page.context().close();
  });
}
