// Picking tokens and revoking them in bulk (issue 35; our extension `POST {source}/bulk-delete`,
// docs/api.md "The account admin's view") against the reference backend and its demo data: the
// admin picks the unused tokens with one click, the dialog counts what the backend's dry run
// says (revoked, or not allowed with the reason) and names each, the real run revokes exactly
// those; the picked rows are reached and toggled with the keyboard; axe in light and dark.
// Screenshot: bulk-revoke.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, api, axeViolations, jwtOf, launch, readable, screenshotPath, signInOn } from './browser.mjs';

const DAY_MS = 86_400_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const idOf = (t) => t.clientId ?? t.id;
const isUnused = (t, now) => Date.parse(t.lastUsedAt ?? t.createdAt) <= now - 90 * DAY_MS;

test('the unused tokens are picked in one click, counted by the dry run, and revoked exactly', async () => {
  assert.ok(BASE_URL);
  const jwt = await jwtOf('admin@acme.test');
  const before = await readable(jwt);
  const unused = before.filter((t) => isUnused(t, Date.now()));
  assert.ok(unused.length >= 2, `the demo has unused tokens: ${unused.map((t) => t.description)}`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await signInOn(page, 'admin@acme.test');
  await page.getByRole('button', { name: 'Select the unused ones' }).click();
  await page.locator('.att-selected-count', { hasText: `${unused.length} selected` }).waitFor();
  await page.getByRole('button', { name: `Revoke ${unused.length} tokens…` }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Revoke the selected tokens?' });
  await dialog.locator('.att-bulk-plan h3').first().waitFor();
  const plan = await dialog.locator('.att-bulk-plan').innerText();
  const will = Number(/(\d+) will be revoked:/.exec(plan)?.[1] ?? 0);
  const refused = Number(/(\d+) cannot be revoked by you:/.exec(plan)?.[1] ?? 0);
  assert.equal(will + refused, unused.length, plan);
  assert.ok(will >= 1, plan);
  // A token above the admin is named with the backend's reason.
  if (refused > 0) assert.match(plan, /— cannot delete this token: it has role Owner/);
  // The dry run changed nothing.
  assert.equal((await readable(jwt)).length, before.length);
  assert.deepEqual(await axeViolations(page, 'the bulk revoke dialog'), []);
  await dialog.screenshot({ path: screenshotPath('bulk-revoke') });
  await dialog.getByRole('button', { name: `Revoke ${will} token${will === 1 ? '' : 's'}` }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText(`${will} token${will === 1 ? '' : 's'} revoked.`).first().waitFor();

  const after = await readable(jwt);
  assert.equal(after.length, before.length - will);
  const gone = before.filter((t) => !after.some((a) => idOf(a) === idOf(t)));
  assert.ok(gone.every((t) => isUnused(t, Date.now())), 'only unused tokens went');
  // Each recorded as deleted by the admin.
  const history = await api(jwt, 'GET', `${gone[0].source}/${idOf(gone[0])}/events`);
  assert.equal(history.body[0].type, 'deleted');
  assert.equal(history.body[0].actorName, 'Adam Admin');
  await context.close();
});

test('rows are picked with the keyboard (space, and shift for a range), and the list passes axe in dark', async () => {
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await signInOn(page, 'admin@acme.test');
  const boxes = page.getByRole('table', { name: 'API tokens' }).getByRole('checkbox', { name: /^Select (?!all|the)/ });
  await boxes.nth(0).focus();
  await page.keyboard.press('Space');
  await page.locator('.att-selected-count', { hasText: '1 selected' }).waitFor();
  await boxes.nth(2).focus();
  await page.keyboard.press('Shift+Space');
  await page.locator('.att-selected-count', { hasText: /^3 selected$/ }).waitFor();
  assert.ok(await boxes.nth(0).isChecked());
  assert.ok(await boxes.nth(1).isChecked(), 'the range between');
  assert.ok(await boxes.nth(2).isChecked());
  assert.deepEqual(await axeViolations(page, 'the list with picked rows (dark)'), []);
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await page.waitForFunction(() => !document.querySelector('.att-selected-count')?.textContent);
  assert.equal(await boxes.nth(0).isChecked(), false);
  await context.close();
});
