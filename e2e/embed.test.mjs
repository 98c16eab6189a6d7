// The <api-tokens-tab> element on the mock vendor portal (/examples/vendor-app/), whose global
// CSS is hostile on purpose: it renders, works end to end, follows attribute changes, reports
// mistakes, and leaves nothing behind when removed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, createCopyUseDelete, jwtOf, launch, screenshotPath, strictCspVendorPage, visitorPage, withoutMembersLists } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function vendorPage(email = 'admin@acme.test') {
  const { page, errors } = await visitorPage(browser);
  await page.goto(BASE_URL + '/examples/vendor-app/');
  await page.getByLabel('User').selectOption(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  return { page, errors };
}

const tabStyle = (page, selector, property) =>
  page.locator('api-tokens-tab').evaluate(
    (el, [s, p]) => getComputedStyle(el.shadowRoot.querySelector(s)).getPropertyValue(p),
    [selector, property],
  );

test('the element\'s first wave leaves while the wasm loads, each call once', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const calls = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.includes('/identity/resources/') || e.request.url.includes('/auth/')) return;
    const frames = [];
    for (let s = e.initiator.stack; s; s = s.parent) frames.push(...s.callFrames);
    calls.push({ path: e.request.url.split('/identity/resources/')[1], from: frames.map((f) => f.url).join(' ') });
  });
  // The vendor portal has loaded element.js but not yet the wasm: a host that passes the
  // user's token as an attribute (with a getAccessToken the tab asks it per request itself).
  await page.goto(BASE_URL + '/examples/vendor-app/');
  const jwt = await jwtOf('admin@acme.test');
  await page.evaluate((token) => {
    const el = document.createElement('api-tokens-tab');
    el.setAttribute('access-token', token);
    document.body.append(el);
  }, jwt);
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  const wave = await withoutMembersLists(calls);
  assert.deepEqual(wave.map((c) => c.path).sort(), [
    'configurations/v1/public', 'roles/v1', 'tenants/access-tokens/v1', 'tenants/api-tokens/v1',
    'users/access-tokens/v1', 'users/api-tokens/v1', 'users/v1/me/authorization', 'users/v2/me',
  ]);
  for (const c of wave) assert.match(c.from, /\/embed\/element\.js/, `${c.path} came from ${c.from}`);
  // Left in the page's map: nothing once the tab has loaded.
  assert.deepEqual(await page.evaluate(() => [...(globalThis.__apiTokensTabWave?.keys() ?? [])]), ['ready']);
  await context.close();
});

test('the element renders untouched by the vendor page\'s hostile CSS', async () => {
  const { page, errors } = await vendorPage();
  const generate = page.getByRole('button', { name: 'Generate token' });
  assert.ok(await generate.isVisible(), 'the host hides every <button>, but not ours');
  assert.equal(await tabStyle(page, '.att', 'font-size'), '15px');
  assert.equal(await tabStyle(page, '.att', 'letter-spacing'), 'normal');
  assert.equal(await tabStyle(page, 'td', 'border-bottom-style'), 'solid', 'our row rule, not the host\'s dashed box');
  assert.equal(await tabStyle(page, 'td', 'border-top-style'), 'none');
  // And ours does not reach the host: its paragraphs keep their dashed borders.
  const hostBorder = await page.locator('#sign-in-status').evaluate((el) => getComputedStyle(el).borderTopStyle);
  assert.equal(hostBorder, 'dashed');
  assert.ok((await page.locator('api-tokens-tab tbody tr').count()) >= 6);
  const noScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(noScroll, 'no horizontal scrolling');
  await page.screenshot({ path: screenshotPath('vendor-app'), fullPage: true });
  // Inside the shadow root it is as accessible as on its own page.
  const axe = await new AxeBuilder({ page })
    .include('api-tokens-tab')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.help}`), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('create, copy, use and delete a token through the element', async () => {
  const { page, errors } = await vendorPage();
  const name = `vendor-app bot ${Date.now()}`;
  const { clientId, secret } = await createCopyUseDelete(page, name, {
    afterDone: async ({ secret }) => {
      const shadowHtml = await page.locator('api-tokens-tab').evaluate((el) => el.shadowRoot.innerHTML);
      assert.ok(!shadowHtml.includes(secret), 'the secret left the element');
    },
  });

  // The vendor heard about both, through DOM events carrying no secret.
  const activity = await page.locator('#activity').textContent();
  assert.match(activity, new RegExp(`created: ${clientId} account clientCredentials`));
  assert.match(activity, new RegExp(`deleted: ${clientId} account clientCredentials`));
  assert.ok(!activity.includes(secret));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('attributes reconfigure it in place; a bad one is reported inside the element', async () => {
  const { page } = await vendorPage();
  const search = page.getByRole('searchbox');
  await search.fill('CI deploy');
  await page.getByLabel('Theme').selectOption('dark');
  await page.waitForFunction(
    () => document.querySelector('api-tokens-tab').shadowRoot.querySelector('.att').dataset.theme === 'dark',
  );
  assert.equal(await tabStyle(page, '.att', 'background-color'), 'rgb(22, 27, 34)');
  assert.equal(await search.inputValue(), 'CI deploy', 'typed input survives');
  await page.screenshot({ path: screenshotPath('vendor-app-dark'), fullPage: true });

  const events = page.evaluate(
    () => new Promise((resolve) => document.addEventListener('api-tokens-error', (e) => resolve(e.detail), { once: true })),
  );
  await page.locator('api-tokens-tab').evaluate((el) => el.setAttribute('theme', 'neon'));
  const alert = page.locator('api-tokens-tab [role=alert]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /option "theme" must be "light", "dark" or "auto" \(got "neon"\)/);
  assert.equal((await events).type, 'error');
  // Fixing the attribute brings the tab back.
  await page.locator('api-tokens-tab').evaluate((el) => el.setAttribute('theme', 'light'));
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  await page.context().close();
});

test('removing the element 100 times leaves no listeners, timers, requests or nodes', async () => {
  const { page } = await vendorPage();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForFunction(() => !document.querySelector('api-tokens-tab'));
  const token = await (
    await fetch(BASE_URL + '/frontegg/identity/resources/auth/v1/user', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@acme.test', password: 'acme-demo-password' }),
    })
  ).json();
  await page.waitForFunction(() => window.__probe().fetches === 0);
  // What must come back: everything the probe counts but the mounts it tallies.
  const left = ({ mounts, unmounts, ...rest }) => rest;
  const baseline = left(await page.evaluate(() => window.__probe()));
  const after = await page.evaluate(async (jwt) => {
    // Polls on animation frames (not timers, which the probe counts) until `done()` or the
    // deadline; answers whether it got there.
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const until = async (done, ms) => {
      const deadline = performance.now() + ms;
      while (!done()) {
        if (performance.now() > deadline) return false;
        await frame();
      }
      return true;
    };
    for (let i = 0; i < 100; i++) {
      const el = document.createElement('api-tokens-tab');
      el.getAccessToken = () => Promise.resolve(jwt);
      document.body.append(el);
      if (i % 2 === 0) {
        // Half load fully; half are removed while loading.
        if (!(await until(() => el.shadowRoot?.querySelector('table'), 5_000))) {
          throw new Error(`mount ${i} never loaded (5 s)`);
        }
      }
      el.remove();
      if (el.shadowRoot && el.shadowRoot.childElementCount !== 0) throw new Error(`mount ${i} left nodes`);
    }
    // The aborted requests settle asynchronously: wait for that (not for a fixed time), then
    // two animation frames, by which the tab's reactions to those settlements (microtasks,
    // cleared timeouts) have run. What is still there then was left behind.
    if (!(await until(() => window.__probe().fetches === 0, 5_000))) {
      throw new Error(`requests still in flight 5 s after the last removal: ${JSON.stringify(window.__probe())}`);
    }
    await frame();
    await frame();
    return window.__probe();
  }, token.accessToken);
  assert.deepEqual(left(after), baseline);
  await page.context().close();
});

test('the element works under a strict Content-Security-Policy on the host page', async () => {
  const page = await strictCspVendorPage(browser);
  await page.goto(BASE_URL + '/examples/vendor-app/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  assert.equal(await tabStyle(page, '.att', 'font-size'), '15px', 'styled');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.context().close();
});
