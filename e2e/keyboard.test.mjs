// Keyboard only (Tab, Shift+Tab, Enter, Space, Escape, arrows): create a token, copy its
// secret, confirm, and delete it. Focus stays inside open dialogs, returns to the opener after,
// and is always visible.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, focused, focusWhere, launch, tabTo } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});


test('create, copy, confirm and delete a token with the keyboard alone', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  const page = await context.newPage();
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill('admin@acme.test');
  await page.getByLabel('Password').fill('acme-demo-password');
  await page.keyboard.press('Enter');
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  const name = `keyboard token ${Date.now()}`;

  await tabTo(page, /^Generate token$/);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: /^Generate/ }).waitFor();
  await focusWhere(page, (f) => f.inDialog, 'the dialog');
  // Focus is trapped: a full lap of Tab and one of Shift+Tab never leave it.
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    assert.ok((await focused(page)).inDialog, 'Tab stays in the dialog');
  }
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok((await focused(page)).inDialog, 'Shift+Tab stays in the dialog');
  }
  await tabTo(page, /^Description/);
  await page.keyboard.type(name);
  await tabTo(page, /Viewer/);
  await page.keyboard.press('Space');
  await tabTo(page, /^Generate token$/);
  await page.keyboard.press('Enter');

  const secretDialog = page.getByRole('dialog', { name: 'Copy your token now' });
  await secretDialog.waitFor();
  await focusWhere(page, (f) => f.inDialog, 'the secret dialog');
  // Escape does nothing yet. Not checked after a sleep: a listener added after the tab's own
  // sees the cancel event Escape sends to the dialog already handled (the tab's handler always
  // stops the browser closing it, then closes it itself only when allowed), and two animation
  // frames later any re-render the tab scheduled in reply has happened.
  await secretDialog.evaluate((d) => {
    window.__escape = null;
    d.addEventListener('cancel', (e) => { window.__escape = { handled: e.defaultPrevented }; }, { once: true });
  });
  await page.keyboard.press('Escape');
  const escape = await page
    .waitForFunction(() => window.__escape, null, { timeout: 5_000 })
    .then((h) => h.jsonValue())
    .catch(() => assert.fail('Escape sent no cancel event to the secret dialog within 5 s'));
  assert.deepEqual(escape, { handled: true }, 'the tab handled the cancel event Escape sent');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.ok(await secretDialog.isVisible(), 'Escape does not close it before the secret is copied');
  assert.ok(await secretDialog.evaluate((d) => d.open), 'the dialog is still open');
  await tabTo(page, /^Copy secret$/);
  await page.keyboard.press('Enter');
  await secretDialog.getByText('Copied').first().waitFor();
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(secret.length, 43);
  await tabTo(page, /I have copied it/);
  await page.keyboard.press('Space');
  await tabTo(page, /^Done$/);
  await page.keyboard.press('Enter');
  await secretDialog.waitFor({ state: 'detached' });
  await focusWhere(page, (f) => f.name === 'Generate token', 'the opener, Generate token');

  const actions = await tabTo(page, new RegExp(`^Actions for ${name}$`));
  await page.keyboard.press('Enter');
  await focusWhere(page, (f) => f.role === 'menuitem', 'the first menu item');
  for (let i = 0; i < 4 && (await focused(page)).name !== 'Delete'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal((await focused(page)).name, 'Delete');
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog');
  await confirm.waitFor();
  // Escape backs out, to the row's menu button.
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  await focusWhere(page, (f) => f.name === actions.name, 'the row menu button');
  await page.keyboard.press('Enter');
  await focusWhere(page, (f) => f.role === 'menuitem', 'the first menu item');
  await page.keyboard.press('End');
  assert.equal((await focused(page)).name, 'Delete', 'End reaches the last item');
  await page.keyboard.press('Enter');
  await confirm.waitFor();
  await tabTo(page, /^Delete token$/);
  await page.keyboard.press('Enter');
  await confirm.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: `Actions for ${name}` }).waitFor({ state: 'detached' });
  await focusWhere(page, (f) => f.name === 'API Tokens', 'the tab heading (the row is gone)');
  await context.close();
});
