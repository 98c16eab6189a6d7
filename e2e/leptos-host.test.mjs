// The Leptos host (examples/leptos-host, served at /examples/leptos-host/): a vendor's own Leptos
// 0.8 app, built by scripts/run like the standalone app, with its own router, layout, sign-in,
// theme and language menus and notices, and the tab (the ApiTokensTab component, not a
// JavaScript door) on its API keys route. The tab takes the token from the console's sign-in
// (a getter), the theme and language from its menus, its words through `messages`, and tells
// the console's notices what happened.
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

// The probe's counts, and the tabs on the page: the component renders its <section class="att">
// into the document itself (no shadow root, no element).
const probe = (page) =>
  page.evaluate(() => ({ ...window.__probe(), tabs: document.querySelectorAll('section.att').length }));

async function consolePage(email = 'admin@acme.test') {
  const { page, errors } = await visitorPage(browser);
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(BASE_URL + '/examples/leptos-host/');
  await page.getByLabel('User').selectOption(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  return { page, errors };
}

const goTo = (page, name) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).click();
const table = (page) => page.getByRole('table', { name: 'API tokens' });

async function apiKeys(page) {
  await goTo(page, 'API keys');
  await table(page).waitFor();
  assert.equal(new URL(page.url()).pathname, '/examples/leptos-host/settings/api-keys', "the console's own route");
}

test("sign in, create, copy, use and delete through the component; the console's words and notices; axe-clean", async () => {
  const { page, errors } = await consolePage();
  await apiKeys(page);
  // The console's words through `messages`: its title and lead, the tab's own heading.
  await page.getByRole('heading', { name: 'API keys', level: 2 }).waitFor();
  await page.getByText("Keys let scripts call Orbit's API.").waitFor();
  assert.ok((await table(page).locator('tbody tr').count()) >= 6, "the admin's tokens");
  await page.screenshot({ path: screenshotPath('leptos-host'), fullPage: true });
  assert.deepEqual(await axeViolations(page, 'leptos-host API keys page'), []);

  const notices = page.getByRole('region', { name: 'Notifications' });
  const { clientId, secret } = await createCopyUseDelete(page, `leptos-host bot ${Date.now()}`, {
    afterDone: ({ clientId }) => notices.getByText(`Key created: ${clientId}`).waitFor(),
  });
  await notices.getByText(`Key deleted: ${clientId}`).waitFor();
  assert.ok(!(await notices.textContent()).includes(secret), "no secret in the console's notices");
  // A notice is the console's own: dismissed by its own button.
  await notices.getByRole('listitem').filter({ hasText: 'Key deleted' }).getByRole('button', { name: 'Dismiss' }).click();
  await notices.getByText(`Key deleted: ${clientId}`).waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the theme and language menus change the tab in place, keeping what was typed', async () => {
  const { page, errors } = await consolePage();
  await apiKeys(page);
  const search = page.getByRole('searchbox', { name: 'Search tokens' });
  await search.fill('CI deploy');
  // The very same field must stay: a remounted tab would have a new one.
  await search.evaluate((el) => (el.dataset.mark = 'typed here'));
  const fetchesBefore = await page.evaluate(() => performance.getEntriesByType('resource').length);
  const look = () =>
    page.evaluate(() => {
      const tab = document.querySelector('section.att');
      return { theme: tab.dataset.theme, background: getComputedStyle(tab).backgroundColor };
    });
  const light = await look();

  await page.getByLabel('Theme').selectOption('dark');
  await page.waitForFunction(() => document.querySelector('section.att').dataset.theme === 'dark');
  const dark = await look();
  assert.notEqual(dark.background, light.background, 'the dark theme restyles the tab');
  await page.getByLabel('Language').selectOption('de');
  const german = page.getByRole('searchbox', { name: 'Tokens durchsuchen' });
  await german.waitFor();
  assert.equal(await german.inputValue(), 'CI deploy', 'typed input survives the switch');
  assert.equal(await german.getAttribute('data-mark'), 'typed here', 'the same field: switched in place');
  await page.getByRole('heading', { name: 'API-Schlüssel', level: 2 }).waitFor();
  assert.deepEqual(await axeViolations(page, 'leptos-host in German, dark'), []);

  await page.getByLabel('Language').selectOption('ar');
  await page.waitForFunction(() => document.querySelector('section.att').getAttribute('dir') === 'rtl');
  await page.getByLabel('Theme').selectOption('light');
  await page.waitForFunction(() => document.querySelector('section.att').dataset.theme === 'light');
  assert.equal(await page.locator('[data-mark="typed here"]').inputValue(), 'CI deploy');
  // Nothing reloaded: no request but what the switches themselves needed (none: the catalogs
  // are compiled in).
  const requests = await page.evaluate(
    (n) => performance.getEntriesByType('resource').slice(n).map((e) => e.name),
    fetchesBefore,
  );
  assert.deepEqual(requests, [], 'no request for a theme or a language');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('leaving the API keys page unmounts the tab every time and leaves nothing behind', async () => {
  const { page, errors } = await consolePage();
  await apiKeys(page);
  await goTo(page, 'Overview');
  const settled = async () => {
    await page.waitForFunction(
      () => document.querySelectorAll('section.att').length === 0 && window.__probe().fetches === 0,
    );
    // Two animation frames: whatever reacts to what just settled has run.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return probe(page);
  };
  const baseline = await settled();
  for (let i = 0; i < 3; i++) {
    await apiKeys(page);
    assert.equal((await probe(page)).tabs, 1, `round ${i + 1}: one tab`);
    await goTo(page, i % 2 ? 'Overview' : 'Team');
    await page.getByRole('heading', { name: i % 2 ? 'Overview' : 'Team' }).waitFor();
    if (i % 2 === 0) await goTo(page, 'Overview');
    const left = await settled();
    assert.deepEqual(left, baseline, `round ${i + 1}: tabs, listeners, timers, requests and nodes as before`);
  }

  // Signing out while the tab loads: it is unmounted before it finished, nothing left either.
  await goTo(page, 'API keys');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const out = await settled();
  assert.equal(out.tabs, 0);
  assert.equal(out.timers, baseline.timers);
  assert.equal(out.fetches, 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});
