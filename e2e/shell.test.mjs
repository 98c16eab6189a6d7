// The standalone app, served by the reference backend with a fresh demo database: sign in,
// see the combined list, and the SPA fallback for unknown paths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { BASE_URL, jwtOf, launch, screenshotPath, withoutMembersLists } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function signIn(page, email) {
  await page.goto(BASE_URL + '/');
  await page.getByRole('heading', { name: 'Sign in to manage API tokens' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('acme-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'API Tokens' }).waitFor();
}

test('the admin signs in and sees account and own personal tokens', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await signIn(page, 'admin@acme.test');
  const table = page.getByRole('table', { name: 'API tokens' });
  await table.waitFor();
  const rows = table.locator('tbody tr');
  const descriptions = await rows.locator('td:first-child').allTextContents();
  assert.ok(descriptions.includes('CI deploy pipeline'), descriptions.join(', '));
  assert.ok(descriptions.includes("Adam's CLI"), 'own personal token');
  assert.ok(!descriptions.includes('Local development'), "not another user's personal token");
  assert.ok(!descriptions.includes('Globex payroll'), "not another tenant's token");
  await page.getByRole('button', { name: 'Generate token' }).waitFor();

  const shot = screenshotPath('list-admin');
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(existsSync(shot));
  assert.deepEqual(errors, []);
});

test('a wrong password is refused with a clear message and the email is kept', async () => {
  const page = await browser.newPage();
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill('admin@acme.test');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /incorrect email or password/);
  assert.equal(await page.getByLabel('Email').inputValue(), 'admin@acme.test');
});

test('an unknown path falls back to the app, which says so', async () => {
  const page = await browser.newPage();
  const resp = await page.goto(BASE_URL + '/no/such/page');
  assert.equal(resp.status(), 200);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.getByRole('link', { name: 'Go to API Tokens' }).click();
  await page.getByRole('heading', { name: 'Sign in to manage API tokens' }).waitFor();
});

test('the app runs under the strict Content-Security-Policy the server sends, with no violation', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  const page = await context.newPage();
  const resp = await page.goto(BASE_URL + '/');
  const csp = resp.headers()['content-security-policy'];
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(csp, /style-src 'self';/);
  assert.equal(resp.headers()['x-content-type-options'], 'nosniff');
  await page.getByLabel('Email').fill('admin@acme.test');
  await page.getByLabel('Password').fill('acme-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  // Every dialog and the copy button (its fallback must not need an inline style either).
  await page.getByRole('button', { name: /^Copy client ID of/ }).first().click();
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByRole('dialog', { name: /^Generate/ }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Actions for/ }).first().click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await context.close();
});

// public/boot.js starts the first load's API calls from config.json's token while the wasm
// downloads; the tab takes those answers (src/api/prefetch.rs) instead of asking again.
async function loadWithConfig(config) {
  const context = await browser.newContext();
  await context.route('**/config.json', (route) => route.fulfill({ json: config }));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const calls = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.includes('/identity/resources/')) return;
    const frames = [];
    for (let s = e.initiator.stack; s; s = s.parent) frames.push(...s.callFrames);
    calls.push({ path: e.request.url.split('/identity/resources/')[1], from: frames.map((f) => f.url).join(' ') });
  });
  await page.goto(BASE_URL + '/');
  return { context, page, calls };
}

test('with a token in config.json the first wave leaves with the page, each call once', async () => {
  const { context, page, calls } = await loadWithConfig({ accessToken: await jwtOf('owner@globex.test') });
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  await page.getByRole('cell', { name: 'Globex payroll' }).first().waitFor();
  const wave = await withoutMembersLists(calls);
  assert.deepEqual(wave.map((c) => c.path).sort(), [
    'configurations/v1/public', 'roles/v1', 'tenants/access-tokens/v1', 'tenants/api-tokens/v1',
    'users/access-tokens/v1', 'users/api-tokens/v1', 'users/v1/me/authorization', 'users/v2/me',
  ]);
  for (const c of wave) assert.match(c.from, /\/public\/boot\.js/, `${c.path} came from ${c.from}`);
  await context.close();
});

test('a refused token in config.json reads as before: the session is over, nothing asked twice', async () => {
  const { context, page, calls } = await loadWithConfig({ accessToken: 'not-a-session' });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /session has expired/i);
  assert.equal(calls.length, new Set(calls.map((c) => c.path)).size, JSON.stringify(calls));
  await context.close();
});
