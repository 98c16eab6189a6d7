// End-to-end flows against the real server: generate, use, delete, as different users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, exchange, generateViewerCredentials, launch, screenshotPath } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function signIn(email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('acme-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  return page;
}

async function whoami(headers) {
  const resp = await fetch(BASE_URL + '/api/demo/whoami', { headers });
  return { status: resp.status, body: resp.status === 200 ? await resp.json() : null };
}

test('the developer generates an account token limited to its level, uses it, deletes it', async () => {
  const name = `e2e deploy bot ${Date.now()}`;
  const page = await signIn('dev@acme.test');
  await page.getByRole('button', { name: 'Generate token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate client credentials' });
  await dialog.waitFor();
  // Roles above the developer's level are visibly disabled with the reason.
  assert.equal(await dialog.getByRole('checkbox', { name: /Owner/ }).isDisabled(), true);
  assert.equal(await dialog.getByRole('checkbox', { name: /Admin/ }).isDisabled(), true);
  assert.match(await dialog.textContent(), /Above your highest role, Developer/);
  assert.equal(await dialog.getByRole('checkbox', { name: /Developer/ }).isDisabled(), false);

  await dialog.getByLabel('Description').fill(name);
  await dialog.getByRole('checkbox', { name: /Viewer/ }).check();
  await dialog.getByLabel('Expiration').selectOption('7');
  await page.screenshot({ path: screenshotPath('generate-dialog'), fullPage: true });
  await dialog.getByRole('button', { name: 'Generate token' }).click();

  const secretDialog = page.getByRole('dialog', { name: 'Copy your token now' });
  await secretDialog.waitFor();
  const clientId = (await secretDialog.locator('dd code').first().textContent()).trim();
  const secret = (await secretDialog.locator('code.att-secret').textContent()).trim();
  assert.equal(secret.length, 43);
  await page.screenshot({ path: screenshotPath('secret-dialog'), fullPage: true });

  const jwt = await exchange(clientId, secret);
  assert.ok(jwt, 'the client credentials exchange works');
  const me = await whoami({ authorization: `Bearer ${jwt}` });
  assert.equal(me.status, 200);
  assert.deepEqual(me.body.roles.map((r) => r.name), ['Viewer']);

  await secretDialog.getByLabel('I have copied it and stored it safely').check();
  await secretDialog.getByRole('button', { name: 'Done' }).click();
  await secretDialog.waitFor({ state: 'detached' });
  assert.ok(!(await page.content()).includes(secret), 'the secret left the page');

  // The developer may edit account tokens but not delete them.
  await page.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).waitFor();
  assert.equal(await page.getByRole('menuitem', { name: 'Delete' }).count(), 0);

  // The admin deletes it; it stops working at once.
  const admin = await signIn('admin@acme.test');
  await admin.getByRole('button', { name: `Actions for ${name}` }).click();
  await admin.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = admin.getByRole('alertdialog');
  await confirm.waitFor();
  assert.match(await confirm.textContent(), /cannot be undone/);
  await admin.screenshot({ path: screenshotPath('delete-dialog'), fullPage: true });
  await confirm.getByRole('button', { name: 'Delete token' }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.equal((await whoami({ authorization: `Bearer ${jwt}` })).status, 401);
  assert.equal(await exchange(clientId, secret), null);
});

test('the viewer sees the list but cannot generate or delete', async () => {
  const page = await signIn('viewer@acme.test');
  assert.equal(await page.getByRole('button', { name: 'Generate token' }).count(), 0);
  assert.ok((await page.locator('tbody tr').count()) >= 6);
  // A viewer's row menus (the backend keeps history) offer only what reads: Details.
  const menus = page.getByRole('button', { name: /^Actions for/ });
  const count = await menus.count();
  assert.ok(count >= 6, `every row offers its details (${count})`);
  for (const i of [0, count - 1]) {
    await menus.nth(i).click();
    const items = await page.getByRole('menuitem').allTextContents();
    assert.deepEqual(items.map((t) => t.trim()), ['Details'], `row ${i}: ${items}`);
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
  }
});

// Resolves when `check()` holds; fails naming `what` after `timeout` ms.
async function until(check, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('leaving the page while the secret is on screen asks first; after Done it does not', async () => {
  const name = `e2e leave ${Date.now()}`;
  const page = await signIn('admin@acme.test');
  const secretDialog = await generateViewerCredentials(page, name);
  const secret = (await secretDialog.locator('code.att-secret').textContent()).trim();
  assert.equal(secret.length, 43);

  // Every dialog the browser raises is recorded and dismissed ("stay on the page").
  const raised = [];
  page.on('dialog', async (d) => {
    raised.push(d.type());
    await d.dismiss();
  });
  // Leaving (closing the page, running its beforeunload handlers) asks first...
  await page.close({ runBeforeUnload: true });
  await until(() => raised.length > 0, 'leaving with the secret on screen raised no dialog');
  assert.deepEqual(raised, ['beforeunload']);
  // ...and staying keeps the page and the secret as they were.
  assert.equal(page.isClosed(), false, 'the page stays');
  assert.ok(await secretDialog.isVisible(), 'the secret dialog stays');
  assert.equal((await secretDialog.locator('code.att-secret').textContent()).trim(), secret);

  await secretDialog.getByLabel('I have copied it and stored it safely').check();
  await secretDialog.getByRole('button', { name: 'Done' }).click();
  await secretDialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: `Actions for ${name}` }).waitFor();
  // Now leaving asks nothing: the page just closes (a dialog would be dismissed and keep it).
  await page.close({ runBeforeUnload: true });
  await until(() => page.isClosed() || raised.length > 1, 'the page neither closed nor asked');
  assert.deepEqual(raised, ['beforeunload'], 'no dialog once the secret dialog is done');
  assert.equal(page.isClosed(), true, 'the page closed');
  await page.context().close();

  // Leave the account as it was: the admin deletes the token.
  const admin = await signIn('admin@acme.test');
  await admin.getByRole('button', { name: `Actions for ${name}` }).click();
  await admin.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = admin.getByRole('alertdialog');
  await confirm.getByRole('button', { name: 'Delete token' }).click();
  await confirm.waitFor({ state: 'detached' });
  await admin.getByRole('button', { name: `Actions for ${name}` }).waitFor({ state: 'detached' });
  await admin.context().close();
});
