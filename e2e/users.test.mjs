// Per user, against the real server: the list shows exactly what the backend lets that user
// read; every kind of token the user may create goes through generate → copy (read back from
// the clipboard) → use → delete → refused, with each step announced to screen readers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  API,
  DEMO_PASSWORD as PASSWORD,
  exchange,
  jwtOf,
  launch,
  screenshotPath,
  signInOn,
} from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// What the backend lets `email` read, from all four sources (403 = not readable).
async function readable(email) {
  const jwt = await jwtOf(email);
  const out = [];
  for (const path of ['tenants/api-tokens/v1', 'tenants/access-tokens/v1', 'users/api-tokens/v1', 'users/access-tokens/v1']) {
    const resp = await fetch(`${API}/${path}`, { headers: { authorization: `Bearer ${jwt}` } });
    if (resp.status === 403) continue;
    assert.equal(resp.status, 200, path);
    const body = await resp.json();
    for (const t of Array.isArray(body) ? body : body.accessTokens) out.push(t.description);
  }
  return out.sort();
}

async function signIn(email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  const page = await context.newPage();
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  return page;
}

const shown = async (page) =>
  (await page.getByRole('table', { name: 'API tokens' }).locator('tbody tr td:first-child').allTextContents())
    .map((t) => t.trim())
    .sort();

for (const email of ['owner@acme.test', 'admin@acme.test', 'dev@acme.test', 'viewer@acme.test', 'owner@globex.test']) {
  test(`${email} sees exactly the tokens the backend lets them read`, async () => {
    const page = await signIn(email);
    const expected = await readable(email);
    assert.ok(expected.length >= 3, `${email} has demo tokens`);
    assert.deepEqual(await shown(page), expected);
    await page.context().close();
  });
}

const announced = (page) => page.locator('[aria-live=polite]').last().textContent();

// Calls the vendor's protected route with the new token; answers the HTTP status: 200 when it
// works, 401 when refused. Client credentials are exchanged first, where a refusal is also a
// 401 (`exchange` answers null) and anything else (a 429, a 500) throws: never a "refusal".
async function use(kind, first, secret) {
  if (kind === 'access token') {
    return (await fetch(BASE_URL + '/api/demo/whoami', { headers: { 'x-api-key': secret } })).status;
  }
  const jwt = await exchange(first, secret);
  if (jwt === null) return 401;
  return (await fetch(BASE_URL + '/api/demo/whoami', { headers: { authorization: `Bearer ${jwt}` } })).status;
}

// Acme issues client credentials, Globex access tokens; both owners may create both owners' kinds.
const cases = [
  ['admin@acme.test', 'Account', 'client credentials'],
  ['admin@acme.test', 'Personal', 'client credentials'],
  ['owner@globex.test', 'Account', 'access token'],
  ['owner@globex.test', 'Personal', 'access token'],
];
for (const [email, owner, kind] of cases) {
  test(`${email}: a ${owner.toLowerCase()} ${kind} is generated, copied, used, deleted and refused`, async () => {
    const page = await signIn(email);
    const name = `e2e ${owner} ${kind} ${Date.now()}`;
    await page.getByRole('button', { name: 'Generate token' }).click();
    const dialog = page.getByRole('dialog', { name: /^Generate/ });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: new RegExp(`^${owner}`) }).check();
    await dialog.getByLabel('Description').fill(name);
    if (owner === 'Account') {
      await dialog.getByRole('checkbox', { name: /Viewer|Member|Admin/ }).first().check();
    }
    await dialog.getByRole('button', { name: 'Generate token' }).click();

    const secretDialog = page.getByRole('dialog', { name: 'Copy your token now' });
    await secretDialog.waitFor();
    assert.match(await announced(page), /created\. Copy its secret now/);
    const copyName = kind === 'access token' ? 'Copy access token' : 'Copy secret';
    await secretDialog.getByRole('button', { name: copyName }).click();
    await secretDialog.getByText('Copied').first().waitFor();
    const secret = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(secret.length, 43, 'read back from the clipboard');
    const first = kind === 'access token' ? null : (await secretDialog.locator('dd code').first().textContent()).trim();
    assert.equal(await use(kind, first, secret), 200, 'the new token works');

    await secretDialog.getByLabel('I have copied it and stored it safely').check();
    await secretDialog.getByRole('button', { name: 'Done' }).click();
    await secretDialog.waitFor({ state: 'detached' });
    assert.ok(!(await page.content()).includes(secret), 'the secret left the page');

    await page.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('alertdialog');
    assert.match(await confirm.textContent(), /cannot be undone/);
    await confirm.getByRole('button', { name: 'Delete token' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.match(await announced(page), /was deleted/);
    assert.ok(!(await shown(page)).includes(name));
    assert.equal(await use(kind, first, secret), 401, 'refused (401) once deleted');
    await page.context().close();
  });
}

test('a failure is announced as an alert and the rest of the tab stays usable', async () => {
  const context = await browser.newContext();
  // The account access tokens of Acme fail once: the notice names them, the rest shows.
  let failed = false;
  await context.route('**/tenants/access-tokens/v1', (route) => {
    if (failed) return route.continue();
    failed = true;
    return route.fulfill({ status: 500, contentType: 'application/json', body: '{"errors":["database unavailable"]}' });
  });
  const page = await context.newPage();
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill('admin@acme.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /account access tokens.*database unavailable/i);
  assert.ok((await shown(page)).includes('CI deploy pipeline'), 'the other sources still show');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await alert.waitFor({ state: 'detached' });
  await page.locator('tbody td:first-child', { hasText: 'Audit log reader' }).waitFor();
  assert.ok((await shown(page)).includes('CI deploy pipeline'), 'and the rest is still there');
  await context.close();
});

for (const [label, width, scale] of [['320 px wide', 320, 1], ['200 % zoom', 640, 2]]) {
  test(`at ${label} nothing scrolls the page sideways, dialogs included`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: scale });
    const page = await context.newPage();
    await signInOn(page, 'admin@acme.test');
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(await fits(), 'the list');
    await page.getByRole('button', { name: 'Generate token' }).click();
    const dialog = page.getByRole('dialog', { name: /^Generate/ });
    await dialog.waitFor();
    assert.ok(await fits(), 'with the generate dialog');
    const box = await dialog.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width, `the dialog fits (${box.x}+${box.width} of ${width})`);
    await page.screenshot({ path: screenshotPath(`generate-${width}px-x${scale}`), fullPage: true });
    await context.close();
  });
}
