// The development server docs/development.md documents (scripts/dev: trunk serve, a debug build rebuilt
// on every change, the API proxied to a reference backend), run by scripts/test's `dev` stage:
// the tab signs in and lists through the proxy, and a change to a source file is served without
// a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { BASE_URL, launch } from '../browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the tab signs in and lists its tokens through the proxy', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(BASE_URL + '/');
  await page.getByRole('heading', { name: 'Sign in to manage API tokens' }).waitFor({ timeout: 60_000 });
  await page.getByLabel('Email').fill('admin@acme.test');
  await page.getByLabel('Password').fill('acme-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const table = page.getByRole('table', { name: 'API tokens' });
  await table.waitFor({ timeout: 60_000 });
  const descriptions = await table.locator('tbody tr td:first-child').allTextContents();
  assert.ok(descriptions.includes('CI deploy pipeline'), descriptions.join(', '));
  assert.deepEqual(errors, []);
});

test('a changed stylesheet is served without a restart', async () => {
  const file = new URL('../../style/page.css', import.meta.url);
  const original = readFileSync(file, 'utf8');
  const marker = `/* changed by e2e/dev at ${Date.now()} */`;
  const stylesheet = async () => {
    const html = await (await fetch(BASE_URL + '/')).text();
    const href = html.match(/href="?\/(page-[0-9a-f]+\.css)/)?.[1];
    assert.ok(href, `no page stylesheet in ${html}`);
    return (await fetch(`${BASE_URL}/${href}`)).text();
  };
  assert.ok(!(await stylesheet()).includes(marker));
  try {
    writeFileSync(file, `${original}\n${marker}\n`);
    const deadline = Date.now() + 120_000;
    while (!(await stylesheet()).includes(marker)) {
      assert.ok(Date.now() < deadline, 'the change was not served within 120 s');
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    writeFileSync(file, original);
  }
});
