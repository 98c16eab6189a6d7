// Last use, the unused view and the expiry policy (our extension of the API, docs/api.md "The
// API contract"), against the reference backend and its demo data: Acme has no policy and tokens
// last used over the past year (some never), Globex allows tokens for at most 90 days. A use
// shows in the Last used column once the tab loads again; the unused filter and its count
// follow the backend's record; Globex's form offers nothing beyond its limit and the backend
// refuses a longer request; all of it passes axe in light and dark and is reachable with Tab.
// Screenshots: list-last-used-light.png and list-last-used-dark.png (docs/screenshots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  api,
  API,
  axeViolations,
  DEMO_PASSWORD as PASSWORD,
  exchange,
  jwtOf,
  launch,
  readable,
  screenshotPath,
  tabTo,
} from './browser.mjs';

const DAY_MS = 86_400_000;
// Globex's expiry policy in the demo data (backend/src/seed.rs): 90 days.
const GLOBEX_MAX_MINUTES = 90 * 1440;
// The backend's refusal under that policy names the limit.
const POLICY_REFUSAL = /^This account allows tokens for at most 90 days \(129600 minutes\)/;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});


// The tab's "unused for 90+ days", from the backend's record: last used 90 days ago or more,
// or never used and created that long ago.
const isUnused = (t, now) => Date.parse(t.lastUsedAt ?? t.createdAt) <= now - 90 * DAY_MS;
const isExpired = (t, now) => t.expires !== null && Date.parse(t.expires) <= now;

// The last bearer JWT each page's tab sent (the signed-in user's).
const bearer = new WeakMap();

async function signInOn(page, email) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
}

async function signIn(email, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('request', async (r) => {
    const auth = (await r.allHeaders().catch(() => ({}))).authorization;
    if (auth?.startsWith('Bearer ')) bearer.set(page, auth.slice('Bearer '.length));
  });
  await page.goto(BASE_URL + '/');
  await signInOn(page, email);
  return page;
}

const table = (page) => page.getByRole('table', { name: 'API tokens' });
// The descriptions of the rows on screen, in their order.
const shown = async (page) =>
  (await table(page).locator('tbody tr td:first-child').allTextContents()).map((t) => t.trim());
const lastUsedCell = (page, description) =>
  table(page)
    .locator('tbody tr')
    .filter({ has: page.locator('td.att-col-description', { hasText: description }) })
    .locator('td.att-col-last-used');
// Waits until the list's live count says `text` ("12 tokens", "Showing 3 of 12 tokens").
const countIs = (page, text) => page.locator('.att-count', { hasText: new RegExp(`^${text}$`) }).waitFor({ timeout: 10_000 });

test('a use by client-credentials exchange or by X-API-KEY shows as "now", from the caller, once the tab loads again', async () => {
  const jwt = await jwtOf('admin@acme.test');
  const viewer = (await api(jwt, 'GET', 'roles/v1')).body.find((r) => r.name === 'Viewer').id;
  const stamp = Date.now();
  const names = { exchanged: `e2e exchanged ${stamp}`, apiKey: `e2e api key ${stamp}`, refused: `e2e refused ${stamp}` };
  const client = await api(jwt, 'POST', 'tenants/api-tokens/v2', { description: names.exchanged, roleIds: [viewer] });
  assert.equal(client.status, 201);
  const refused = await api(jwt, 'POST', 'tenants/api-tokens/v2', { description: names.refused, roleIds: [viewer] });
  assert.equal(refused.status, 201);
  const key = await api(jwt, 'POST', 'tenants/access-tokens/v1', { description: names.apiKey, roleIds: [viewer] });
  assert.equal(key.status, 201);

  const page = await signIn('admin@acme.test');
  for (const name of Object.values(names)) {
    assert.equal((await lastUsedCell(page, name).innerText()).trim(), 'Never used', `${name} before any use`);
  }

  const usedFrom = Date.now();
  assert.ok(await exchange(client.body.clientId, client.body.secret), 'the exchange works');
  const whoami = await fetch(BASE_URL + '/api/demo/whoami', { headers: { 'x-api-key': key.body.secret } });
  assert.equal(whoami.status, 200, 'the access token works in X-API-KEY');
  // A refused attempt (a wrong secret) is no use.
  assert.equal(await exchange(refused.body.clientId, 'A'.repeat(43)), null, 'a wrong secret is refused');
  const usedTo = Date.now();

  await page.reload();
  await signInOn(page, 'admin@acme.test');
  for (const name of [names.exchanged, names.apiKey]) {
    const cell = lastUsedCell(page, name);
    assert.equal((await cell.innerText()).trim(), 'now', `${name} after its use`);
    const time = cell.locator('.att-time');
    assert.equal(await time.getAttribute('tabindex'), '0');
    // The server saw this test's requests come from 127.0.0.1 (no --trust-proxy).
    assert.match(await time.getAttribute('aria-label'), /^now, .+ from 127\.0\.0\.1$/);
    await time.hover();
    const tooltip = time.locator('.att-tooltip');
    await tooltip.waitFor({ state: 'visible' });
    assert.match(await tooltip.textContent(), /\d.* from 127\.0\.0\.1$/);
  }
  assert.equal((await lastUsedCell(page, names.refused).innerText()).trim(), 'Never used', 'after a refused attempt');

  // The backend's record agrees with the tab.
  const record = new Map((await readable(jwt)).map((t) => [t.description, t]));
  for (const name of [names.exchanged, names.apiKey]) {
    const at = Date.parse(record.get(name).lastUsedAt);
    assert.ok(at >= usedFrom - 1000 && at <= usedTo + 1000, `${name} lastUsedAt ${record.get(name).lastUsedAt}`);
    assert.equal(record.get(name).lastUsedIp, '127.0.0.1');
  }
  assert.equal(record.get(names.refused).lastUsedAt, null);

  // Leave Acme's list as the demo made it, for the tests below and their screenshots.
  for (const [path, id] of [
    ['tenants/api-tokens/v1', client.body.clientId],
    ['tenants/api-tokens/v1', refused.body.clientId],
    ['tenants/access-tokens/v1', key.body.id],
  ]) {
    assert.equal((await api(jwt, 'DELETE', `${path}/${id}`)).status, 200);
  }
  await page.context().close();
});

test("under Globex's 90-day policy the form offers nothing longer, says so, defaults to 90 days, and the backend refuses longer", async () => {
  // Acme, without a policy: Never and a year are offered, 30 days first, no rule said.
  const acme = await signIn('admin@acme.test');
  await acme.getByRole('button', { name: 'Generate token' }).click();
  const acmeDialog = acme.getByRole('dialog', { name: /^Generate/ });
  await acmeDialog.waitFor();
  const acmeSelect = acmeDialog.getByLabel('Expiration');
  const acmeValues = await acmeSelect.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(acmeValues.includes('never') && acmeValues.includes('365'), `Acme offers ${acmeValues}`);
  assert.equal(await acmeSelect.inputValue(), '30');
  assert.equal(await acmeDialog.locator('.att-policy').count(), 0);
  await acme.context().close();

  const page = await signIn('owner@globex.test');
  const posts = [];
  page.on('request', (r) => r.method() === 'POST' && r.url().includes('-tokens/') && posts.push(r));
  await page.getByRole('button', { name: 'Generate token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate access token' });
  await dialog.waitFor();
  const select = dialog.getByLabel('Expiration');
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()]));
  assert.deepEqual(options, [
    ['1', '1 day'],
    ['7', '7 days'],
    ['30', '30 days'],
    ['90', '90 days'],
    ['custom', 'Custom date…'],
  ]);
  assert.equal(await select.inputValue(), '90', 'the longest allowed preset comes first');
  const policy = dialog.locator('.att-policy');
  assert.equal((await policy.textContent()).trim(), 'Your organization allows tokens for up to 90 days.');
  const describedBy = (await select.getAttribute('aria-describedby')).split(/\s+/);
  assert.ok(describedBy.includes(await policy.getAttribute('id')), 'the rule describes the field');

  // Created with the default: 90 days, which the backend accepts.
  const name = `e2e policy default ${Date.now()}`;
  await dialog.getByRole('radio', { name: /^Personal/ }).check();
  await dialog.getByLabel('Description').fill(name);
  const answered = page.waitForResponse((r) => r.url().endsWith('/users/access-tokens/v1') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: 'Generate token' }).click();
  const resp = await answered;
  assert.equal(resp.status(), 201);
  assert.equal(JSON.parse(resp.request().postData()).expiresInMinutes, GLOBEX_MAX_MINUTES);
  const secretDialog = page.getByRole('dialog', { name: 'Copy your token now' });
  await secretDialog.waitFor();
  await secretDialog.getByLabel('I have copied it and stored it safely').check();
  await secretDialog.getByRole('button', { name: 'Done' }).click();
  await secretDialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: `Actions for ${name}` }).waitFor();
  const jwt = bearer.get(page);
  assert.ok(jwt, "the tab's requests carried the user's JWT");
  const made = (await readable(jwt)).find((t) => t.description === name);
  assert.ok(made, 'the backend lists the new token');
  assert.equal((Date.parse(made.expires) - Date.parse(made.createdAt)) / 60_000, GLOBEX_MAX_MINUTES);

  // A custom date may not go past the policy's last day: the input says so (max), and the
  // form refuses a later day before sending anything.
  await page.getByRole('button', { name: 'Generate token' }).click();
  await dialog.waitFor();
  await select.selectOption('custom');
  const date = dialog.getByLabel('Expires on');
  const lastDay = () =>
    page.evaluate((minutes) => {
      const d = new Date(Date.now() + minutes * 60_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }, GLOBEX_MAX_MINUTES);
  const [early, max, late] = [await lastDay(), await date.getAttribute('max'), await lastDay()];
  assert.ok(max === early || max === late, `max ${max}, the policy's last day ${early}`);
  await dialog.getByLabel('Description').fill(`e2e policy too late ${Date.now()}`);
  const dayAfter = new Date(Date.parse(`${max}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  await date.fill(dayAfter);
  const sent = posts.length;
  await dialog.getByRole('button', { name: 'Generate token' }).click();
  await dialog.getByText('Pick a date within 90 days: your organization allows no longer.').waitFor();
  assert.equal(posts.length, sent, 'nothing was sent');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // Crafted from the page with the user's JWT: longer than the policy, or no expiry at all, is
  // refused by every create route, with the limit in the message, and nothing is created.
  const craftedName = `e2e crafted ${Date.now()}`;
  for (const path of ['users/access-tokens/v1', 'tenants/access-tokens/v1', 'users/api-tokens/v1', 'tenants/api-tokens/v2']) {
    for (const expiresInMinutes of [200_000, GLOBEX_MAX_MINUTES + 1, undefined]) {
      const { status, body } = await page.evaluate(
        async ({ url, jwt, body }) => {
          const r = await fetch(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          return { status: r.status, body: await r.json() };
        },
        { url: `/frontegg/identity/resources/${path}`, jwt, body: { description: craftedName, expiresInMinutes } },
      );
      const what = `${path} with expiresInMinutes ${expiresInMinutes ?? 'absent'}`;
      assert.equal(status, 400, what);
      assert.equal(body.statusCode, 400, what);
      assert.match(body.errors[0], POLICY_REFUSAL, what);
    }
  }
  assert.deepEqual((await readable(jwt)).filter((t) => t.description === craftedName), [], 'nothing was created');
  await page.context().close();
});

test('the Last used column says what the backend recorded, and its two sorts order by it', async () => {
  const tokens = await readable(await jwtOf('admin@acme.test'));
  const record = new Map(tokens.map((t) => [t.description, t]));
  const page = await signIn('admin@acme.test');
  const headers = (await table(page).locator('thead th').allTextContents()).map((t) => t.trim());
  assert.equal(headers.indexOf('Last used'), headers.indexOf('Created by') + 1, `columns: ${headers}`);

  for (const t of tokens) {
    const cell = lastUsedCell(page, t.description);
    const text = (await cell.innerText()).trim();
    if (t.lastUsedAt === null) {
      assert.equal(text, 'Never used', t.description);
    } else {
      const label = await cell.locator('.att-time').getAttribute('aria-label');
      assert.ok(label.startsWith(`${text}, `), `${t.description}: "${label}" starts with "${text}"`);
      assert.ok(label.endsWith(` from ${t.lastUsedIp}`), `${t.description}: "${label}" ends with its address`);
    }
  }
  // The demo's spread, as the tab words it.
  assert.equal((await lastUsedCell(page, 'CI deploy pipeline').innerText()).trim(), '2 hours ago');
  assert.equal((await lastUsedCell(page, 'Legacy importer').innerText()).trim(), '5 months ago');

  const sort = page.getByLabel('Sort');
  const used = (name) => {
    const at = record.get(name).lastUsedAt;
    return at === null ? null : Date.parse(at);
  };
  await sort.selectOption({ label: 'Last used, most recent' });
  assert.equal(await sort.inputValue(), 'last-used');
  const recent = (await shown(page)).map(used);
  const neverAt = recent.indexOf(null);
  assert.ok(neverAt > 0 && recent.slice(neverAt).every((u) => u === null), `never used last: ${recent}`);
  assert.deepEqual(recent.slice(0, neverAt), [...recent.slice(0, neverAt)].sort((a, b) => b - a), 'most recent first');

  await sort.selectOption({ label: 'Least recently used' });
  assert.equal(await sort.inputValue(), 'least-recently-used');
  const least = (await shown(page)).map(used);
  const usedFrom = least.findIndex((u) => u !== null);
  assert.ok(usedFrom > 0 && least.slice(0, usedFrom).every((u) => u === null), `never used first: ${least}`);
  assert.deepEqual(least.slice(usedFrom), [...least.slice(usedFrom)].sort((a, b) => a - b), 'then the longest unused');
  await page.context().close();
});

test('"Unused for 90+ days" narrows the list to what the backend says is unused, its count matching, and combines with search', async () => {
  const tokens = await readable(await jwtOf('admin@acme.test'));
  const now = Date.now();
  const names = (list) => list.map((t) => t.description).sort();
  const unused = tokens.filter((t) => isUnused(t, now));
  // The demo has both kinds of unused token, and a never used one too young to count.
  assert.ok(names(unused).includes('Legacy importer') && names(unused).includes('Staging deploy (old)'), names(unused));
  assert.ok(!names(unused).includes('Audit log reader'));
  assert.ok(unused.length < tokens.length);

  const page = await signIn('admin@acme.test');
  const filter = page.getByRole('checkbox', { name: 'Unused for 90+ days' });
  const count = page.locator('.att-unused-count');
  assert.equal(await count.getAttribute('role'), 'status');
  assert.equal(await filter.isChecked(), false);
  await countIs(page, `${tokens.length} tokens`);
  assert.equal((await count.textContent()).trim(), `${unused.length} unused for 90+ days`, 'counted before it is checked');

  await filter.check();
  await countIs(page, `Showing ${unused.length} of ${tokens.length} tokens`);
  assert.deepEqual((await shown(page)).sort(), names(unused));
  assert.equal((await count.textContent()).trim(), `${(await shown(page)).length} unused for 90+ days`);

  // With a search: both narrow. "deploy" finds a token used hours ago and one never used.
  const search = page.getByLabel('Search tokens');
  const deploy = tokens.filter((t) => /deploy/i.test(t.description));
  const both = unused.filter((t) => /deploy/i.test(t.description));
  assert.ok(both.length > 0 && both.length < deploy.length && both.length < unused.length, 'the demo has a case for each');
  await search.fill('deploy');
  await countIs(page, `Showing ${both.length} of ${tokens.length} tokens`);
  assert.deepEqual((await shown(page)).sort(), names(both));
  assert.equal((await count.textContent()).trim(), `${unused.length} unused for 90+ days`, 'the count is of the filter, whatever is searched');
  await filter.uncheck();
  await countIs(page, `Showing ${deploy.length} of ${tokens.length} tokens`);
  assert.deepEqual((await shown(page)).sort(), names(deploy), 'the search stays');
  await filter.check();
  await search.fill('');
  await countIs(page, `Showing ${unused.length} of ${tokens.length} tokens`);

  // Hiding expired tokens takes the expired unused ones out of the view and of the count.
  const live = unused.filter((t) => !isExpired(t, now));
  assert.ok(live.length > 0 && live.length < unused.length, 'the demo has an expired unused token');
  await page.getByRole('checkbox', { name: 'Show expired' }).uncheck();
  await countIs(page, `Showing ${live.length} of ${tokens.length} tokens`);
  assert.deepEqual((await shown(page)).sort(), names(live));
  assert.equal((await count.textContent()).trim(), `${live.length} unused for 90+ days`);
  await page.context().close();
});

for (const scheme of ['light', 'dark']) {
  test(`the list with Last used and the unused filter, and Globex's form under its policy, have no WCAG 2.2 AA violations (${scheme})`, async () => {
    const violations = [];
    const page = await signIn('admin@acme.test', { colorScheme: scheme });
    await page.getByRole('checkbox', { name: 'Unused for 90+ days' }).check();
    await countIs(page, 'Showing \\d+ of \\d+ tokens');
    await table(page).locator('td.att-col-last-used').first().waitFor();
    violations.push(...(await axeViolations(page, 'list, unused only')));
    await page.screenshot({ path: screenshotPath(`list-last-used-${scheme}`), fullPage: true });
    // A last use's full time and address, as hovering shows it.
    const time = table(page).locator('td.att-col-last-used .att-time').first();
    await time.hover();
    await time.locator('.att-tooltip').waitFor({ state: 'visible' });
    violations.push(...(await axeViolations(page, 'list, a last use hovered')));
    await page.context().close();

    const globex = await signIn('owner@globex.test', { colorScheme: scheme });
    await globex.getByRole('button', { name: 'Generate token' }).click();
    const dialog = globex.getByRole('dialog', { name: 'Generate access token' });
    await dialog.waitFor();
    await dialog.locator('.att-policy').waitFor();
    violations.push(...(await axeViolations(globex, "Globex's generate form under its policy")));
    await dialog.getByLabel('Expiration').selectOption('custom');
    await dialog.getByLabel('Expires on').waitFor();
    violations.push(...(await axeViolations(globex, "Globex's generate form, a custom date")));
    await globex.screenshot({ path: screenshotPath(`generate-policy-${scheme}`), fullPage: true });
    await globex.context().close();

    assert.deepEqual(violations, [], violations.join('\n'));
  });
}

test('the unused filter and a last use are reached and worked with the keyboard alone', async () => {
  const page = await signIn('admin@acme.test');
  const filter = page.getByRole('checkbox', { name: 'Unused for 90+ days' });
  await tabTo(page, /^Unused for 90\+ days$/);
  await page.keyboard.press('Space');
  await countIs(page, 'Showing \\d+ of \\d+ tokens');
  assert.equal(await filter.isChecked(), true, 'Space checks it');

  // A Last used time (not a Created one: those say no address): its full time shows on focus.
  const f = await tabTo(page, / from [0-9a-f.:]+$/);
  assert.match(f.name, /^\d+ (hours?|days?|months?|years?) ago, .+ from /);
  const where = await page.evaluate(() => {
    const a = document.activeElement;
    const tip = a.querySelector('.att-tooltip');
    return {
      inColumn: !!a.closest('td.att-col-last-used'),
      tip: tip && getComputedStyle(tip).display !== 'none' ? tip.textContent : null,
    };
  });
  assert.ok(where.inColumn, 'the focused time is in the Last used column');
  assert.ok(where.tip && f.name.endsWith(where.tip), `its full time shows on focus: ${where.tip}`);
  // And Shift+Tab goes back to the filter.
  const back = await tabTo(page, /^Unused for 90\+ days$/, { back: true });
  assert.equal(back.role, 'input');
  await page.context().close();
});

test("Globex's idle policy: the token unused for 120 days is disabled, says why, and is enabled again through the tab", async () => {
  const jwt = await jwtOf('owner@globex.test');
  const name = 'Globex legacy export';
  const record = async () =>
    (await api(jwt, 'GET', 'tenants/access-tokens/v1')).body.accessTokens.find((t) => t.description === name);
  const policy = (await api(jwt, 'GET', 'configurations/v1/public')).body.tokenLifecycle.disableAfterUnusedDays;
  assert.equal(policy, 90);
  // The scheduler's first run disables it as the server starts: wait for that run.
  let token = await record();
  for (let i = 0; i < 100 && !token.disabled; i++) {
    await new Promise((r) => setTimeout(r, 100));
    token = await record();
  }
  assert.equal(token.disabled?.afterUnusedDays, 90, JSON.stringify(token));
  const page = await signIn('owner@globex.test');
  const row = table(page)
    .locator('tbody tr')
    .filter({ has: page.locator('td.att-col-description', { hasText: name }) });
  await row.waitFor();
  const violations = [];
  const expires = row.locator('td.att-col-expires');
  await expires.locator('.att-disabled', { hasText: 'Disabled' }).waitFor();
  assert.match(await expires.innerText(), /on .+, after 90 days unused/);
  violations.push(...(await axeViolations(page, 'a disabled row')));
  await page.screenshot({ path: screenshotPath('disabled-row'), fullPage: true });

  await page.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
  await page.getByRole('menuitem', { name: 'Enable again…' }).click();
  const dialog = page.getByRole('dialog', { name: `Enable “${name}” again?` });
  await dialog.getByRole('button', { name: 'Enable', exact: true }).waitFor();
  assert.match(await dialog.innerText(), /If it goes unused for 90 days, it is disabled again\./);
  violations.push(...(await axeViolations(page, 'the enable dialog')));
  await page.screenshot({ path: screenshotPath('enable-dialog') });
  await dialog.getByRole('button', { name: 'Enable', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText(`“${name}” works again.`).waitFor({ state: 'attached' });
  token = await record();
  assert.equal(token.disabled, undefined, 'enabled at the backend');
  const events = (await api(jwt, 'GET', `tenants/access-tokens/v1/${token.id}/events`)).body;
  assert.deepEqual(events.slice(0, 2).map((e) => [e.type, e.actorName]), [['enabled', 'Greta Globex'], ['disabled', null]]);
  // Enabled: no mark, no item.
  await row.locator('.att-disabled').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
  const items = (await page.getByRole('menuitem').allTextContents()).map((t) => t.trim());
  assert.ok(!items.includes('Enable again…'), `menu: ${items}`);
  assert.deepEqual(violations, []);
  await page.context().close();
});

for (const scheme of ['light', 'dark']) {
  test(`a token's use shows in Details: the day's uses and refusals in words beside the chart, and the address it came from (issue 34, ${scheme})`, async () => {
    const jwt = await jwtOf('admin@acme.test');
    const viewer = (await api(jwt, 'GET', 'roles/v1')).body.find((r) => r.name === 'Viewer').id;
    const name = `e2e used ${scheme} ${Date.now()}`;
    const made = await api(jwt, 'POST', 'tenants/api-tokens/v2', { description: name, roleIds: [viewer] });
    assert.equal(made.status, 201);
    for (let n = 0; n < 3; n++) assert.ok(await exchange(made.body.clientId, made.body.secret), 'the exchange works');
    assert.equal(await exchange(made.body.clientId, 'A'.repeat(43)), null, 'a wrong secret is refused');
    // Counted in the server's memory and written every 2 s (--usage-flush-ms): the API says
    // so first.
    // Today's and yesterday's together: a run across midnight UTC counts on two days.
    const path = `tenants/api-tokens/v1/${made.body.clientId}/usage?days=2`;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { body } = await api(jwt, 'GET', path);
      const sum = (k) => body.days.reduce((n, d) => n + d[k], 0);
      if (sum('uses') === 3 && sum('refused') === 1) break;
      assert.ok(Date.now() < deadline, JSON.stringify(body));
      await new Promise((r) => setTimeout(r, 200));
    }

    const page = await signIn('admin@acme.test', { colorScheme: scheme });
    await page.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
    await page.getByRole('menuitem', { name: 'Details' }).click();
    const details = page.getByRole('dialog', { name: `Details of “${name}”` });
    const summary = details.locator('.att-usage-summary');
    await summary.waitFor();
    assert.match(
      await summary.innerText(),
      /^3 uses and 1 refused attempt in the last 30 days\. Busiest day: .+, [1-3] uses?\.$/,
    );
    assert.equal(await details.locator('.att-usage rect.att-bar-uses').count(), 30);
    const address = details.locator('.att-addresses li');
    assert.equal(await address.count(), 1);
    assert.match(await address.innerText(), /^127\.0\.0\.1 · 3 uses · last (now|\d+ seconds? ago)$/);
    assert.deepEqual(await axeViolations(page, `details with the use (${scheme})`), []);
    await details.screenshot({ path: screenshotPath(scheme === 'light' ? 'details-usage' : `details-usage-${scheme}`) });
    await page.context().close();
  });
}
