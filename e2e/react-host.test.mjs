// The React host (examples/react-host, served at /examples/react-host/): a vendor's React 19 +
// Vite + TypeScript app in StrictMode that installed the packed npm package by file path
// (scripts/package), with the tab through the React wrapper (api-tokens-tab/react) on one page
// and as the bare <api-tokens-tab> on another. It is built with React's development build, in
// which StrictMode runs every effect, its cleanup and the effect again on mount: the wrapper's
// first effect is cancelled before it mounts, and each visit leaves exactly one tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, axeViolations, createCopyUseDelete, launch, screenshotPath, visitorPage } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});


const probe = (page) => page.evaluate(() => window.__probe());
// [mounts, unmounts, tabs on the page].
const tally = async (page) => {
  const p = await probe(page);
  return [p.mounts, p.unmounts, p.tabs];
};

async function hostPage(email = 'admin@acme.test') {
  const { page, errors } = await visitorPage(browser);
  let devBuild = false;
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    // Said by react-dom's development build only.
    if (m.text().includes('Download the React DevTools')) devBuild = true;
  });
  await page.goto(BASE_URL + '/examples/react-host/');
  await page.getByLabel('User').selectOption(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  return { page, errors, development: () => devBuild };
}

const goTo = (page, name) => page.getByRole('navigation', { name: 'Console pages' }).getByRole('button', { name }).click();

// Creates, copies, uses and deletes a token through whichever tab is on the page; the host's
// activity list never shows the secret. Answers its client id.
async function createCopyDelete(page, name) {
  const { clientId, secret } = await createCopyUseDelete(page, name);
  const activity = await page.locator('#activity').textContent();
  assert.ok(!activity.includes(secret), 'no secret in the host\'s activity list');
  return clientId;
}

test('the wrapper in StrictMode: one tab for two effects, unmounted on leaving; create, copy and delete; axe-clean', async () => {
  const { page, errors, development } = await hostPage();
  assert.ok(development(), "React's development build, where StrictMode runs effects twice");
  assert.deepEqual(await tally(page), [1, 0, 1], 'one mount for two effects (StrictMode), one tab');
  await goTo(page, 'Overview');
  await page.waitForFunction(() => window.__probe().tabs === 0);
  // Again with the wasm loaded: still one mount for StrictMode's two effects.
  await goTo(page, 'React component');
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  assert.deepEqual(await tally(page), [2, 1, 1], 'unmounted on leaving, one mount on coming back');
  assert.ok((await page.getByRole('table', { name: 'API tokens' }).locator('tbody tr').count()) >= 6);
  await page.screenshot({ path: screenshotPath('react-host'), fullPage: true });
  assert.deepEqual(await axeViolations(page, 'react-host wrapper page'), []);

  const clientId = await createCopyDelete(page, `react-host bot ${Date.now()}`);
  const activity = await page.locator('#activity').textContent();
  assert.match(activity, new RegExp(`created: ${clientId} account clientCredentials`), 'onEvent heard the create');
  assert.match(activity, new RegExp(`deleted: ${clientId} account clientCredentials`), 'onEvent heard the delete');
  assert.equal((await probe(page)).mounts, 2, 'the flows re-rendered the host (new arrow functions) without a remount');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the locale prop switches the language in place, keeping typed input, through update()', async () => {
  const { page, errors } = await hostPage();
  await page.waitForFunction(() => window.__probe().mounts === 1);
  await page.getByRole('searchbox', { name: 'Search tokens' }).fill('CI deploy');
  await page.getByLabel('Language').selectOption('de');
  const german = page.getByRole('searchbox', { name: 'Tokens durchsuchen' });
  await german.waitFor();
  assert.equal(await german.inputValue(), 'CI deploy', 'typed input survives the switch');
  await page.getByRole('heading', { name: 'API-Tokens' }).waitFor();
  assert.deepEqual(await axeViolations(page, 'react-host in German'), []);

  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('heading', { name: 'رموز API' }).waitFor();
  const dir = await page.evaluate(() => {
    const host = [...document.querySelectorAll('div')].find((d) => d.shadowRoot);
    return host.shadowRoot.querySelector('[dir]').getAttribute('dir');
  });
  assert.equal(dir, 'rtl');
  await page.getByLabel('Theme').selectOption('dark');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('div')].find((d) => d.shadowRoot)?.shadowRoot.querySelector('.att')?.dataset.theme === 'dark',
  );
  assert.deepEqual(await tally(page), [1, 0, 1], 'locale and theme changed in place: no remount');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the bare element page: React sets its attributes and getAccessToken; create, copy and delete; locale', async () => {
  const { page, errors } = await hostPage();
  await page.waitForFunction(() => window.__probe().mounts === 1);
  await goTo(page, 'Custom element');
  // The wrapper's page unmounted (its handle's unmount) and the element mounted once.
  await page.waitForFunction(() => window.__probe().mounts === 2 && window.__probe().unmounts === 1);
  await page.locator('api-tokens-tab').getByRole('table', { name: 'API tokens' }).waitFor();
  assert.equal((await probe(page)).tabs, 1);
  assert.deepEqual(await axeViolations(page, 'react-host element page'), []);

  const clientId = await createCopyDelete(page, `react-host element bot ${Date.now()}`);
  const activity = await page.locator('#activity').textContent();
  assert.match(activity, new RegExp(`created: ${clientId} account clientCredentials`), 'the DOM event reached React');
  assert.match(activity, new RegExp(`deleted: ${clientId} account clientCredentials`));

  await page.getByLabel('Language').selectOption('de');
  assert.equal(await page.locator('api-tokens-tab').getAttribute('locale'), 'de');
  await page.getByRole('heading', { name: 'API-Tokens' }).waitFor();
  assert.equal((await probe(page)).mounts, 2, 'the attribute change updated the tab in place');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('leaving the pages unmounts the tab every time and leaves nothing behind', async () => {
  const { page, errors } = await hostPage();
  await page.waitForFunction(() => window.__probe().mounts === 1);
  await goTo(page, 'Overview');
  const settled = async () => {
    await page.waitForFunction(() => {
      const p = window.__probe();
      return p.tabs === 0 && p.fetches === 0 && p.mounts === p.unmounts;
    });
    // Two animation frames: the tab's reactions to what just settled have run.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return probe(page);
  };
  const baseline = await settled();
  for (let i = 0; i < 3; i++) {
    await goTo(page, 'React component');
    await page.getByRole('table', { name: 'API tokens' }).waitFor();
    await goTo(page, 'Overview');
    const left = await settled();
    await goTo(page, 'Custom element');
    await page.locator('api-tokens-tab').getByRole('table', { name: 'API tokens' }).waitFor();
    await goTo(page, 'Overview');
    const leftToo = await settled();
    for (const p of [left, leftToo]) {
      const { mounts: _m, unmounts: _u, ...rest } = p;
      const { mounts: _bm, unmounts: _bu, ...base } = baseline;
      assert.deepEqual(rest, base, `round ${i + 1}: listeners, timers, requests and nodes as before the tab`);
    }
  }
  const p = await probe(page);
  // Each visit mounted one tab (StrictMode's two effects on the wrapper's), and unmounted it.
  assert.equal(p.mounts, baseline.mounts + 3 * 2);
  assert.equal(p.unmounts, p.mounts);
  assert.equal(await page.locator('api-tokens-tab').count(), 0, 'no tab left in the DOM');

  // Signing out while the tab loads: unmounted before it finished, nothing left either.
  await goTo(page, 'React component');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const out = await settled();
  assert.equal(out.tabs, 0);
  assert.equal(out.timers, baseline.timers);
  assert.deepEqual(errors, []);
  await page.context().close();
});
