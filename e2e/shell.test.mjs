// Walking skeleton: the standalone app, served by the reference backend, renders the tab's
// shell and reaches the backend over fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { BASE_URL, launch, screenshotPath } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the standalone app shows the tab and reaches the backend', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto(BASE_URL + '/');
  await page.getByRole('heading', { name: 'API Tokens' }).waitFor();
  const status = page.getByRole('status');
  await status.filter({ hasText: 'Connected' }).waitFor();
  assert.match(await status.textContent(), /New tokens are of type: Client credentials/);

  const shot = screenshotPath('shell');
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(existsSync(shot));
  assert.deepEqual(errors, []);
});

test('an unknown path falls back to the app, which says so', async () => {
  const page = await browser.newPage();
  const resp = await page.goto(BASE_URL + '/no/such/page');
  assert.equal(resp.status(), 200);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.getByRole('link', { name: 'Go to API Tokens' }).click();
  await page.getByRole('heading', { name: 'API Tokens' }).waitFor();
});
