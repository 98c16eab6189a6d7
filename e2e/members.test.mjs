// The account admin's view of every member's personal tokens (issue 35; our extension
// `?members=all`, docs/api.md "The account admin's view"), against the reference backend: the
// admin picks a departing member in the Owner filter, reads a token's history as the member
// would, revokes exactly their tokens, and the member's credentials stop working at once. And
// on a phone (360 px): each token is a card, nothing scrolls sideways, every card's menu is
// reachable; axe in light and dark.
// Screenshots: owner-filter.png, narrow-cards.png, narrow-cards-dark.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, api, axeViolations, exchange, jwtOf, launch, screenshotPath, signInOn } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("an admin revokes a departing member's tokens, and the member's credentials then fail", async () => {
  const dev = await jwtOf('dev@acme.test');
  const made = [];
  for (const description of ["Dana's deploy key", "Dana's laptop"]) {
    const { status, body } = await api(dev, 'POST', 'users/api-tokens/v1', { description });
    assert.equal(status, 201, JSON.stringify(body));
    made.push(body);
  }
  const { status: atStatus, body: access } = await api(dev, 'POST', 'users/access-tokens/v1', {
    description: "Dana's CLI",
  });
  assert.equal(atStatus, 201, JSON.stringify(access));
  const whoami = async (key) => (await fetch(BASE_URL + '/api/demo/whoami', { headers: { 'x-api-key': key } })).status;
  assert.ok(await exchange(made[0].clientId, made[0].secret), 'works before');
  assert.equal(await whoami(access.secret), 200);
  const theirs = async () => {
    const cc = (await api(dev, 'GET', 'users/api-tokens/v1')).body;
    const at = (await api(dev, 'GET', 'users/access-tokens/v1')).body.accessTokens;
    return [...cc, ...at];
  };
  const count = (await theirs()).length;
  assert.ok(count >= 3);

  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const asked = [];
  page.on('request', (r) => asked.push(r.url()));
  await signInOn(page, 'admin@acme.test');
  const owner = page.getByLabel('Owner', { exact: true });
  // The members' tokens arrive after the first wave; by default the list is the admin's own.
  await owner.locator('option[value="member:acme-dev"]').waitFor({ state: 'attached' });
  assert.equal(await page.getByRole('cell', { name: "Dana's laptop" }).count(), 0);
  // Asked for exactly as docs/api.md writes it.
  assert.ok(asked.some((u) => u.endsWith('/users/api-tokens/v1?members=all')), asked.join('\n'));
  assert.match(await owner.locator('option[value="member:acme-dev"]').innerText(), /^Dana Developer \(\d+ tokens\)$/);
  await owner.selectOption('member:acme-dev');
  const table = page.getByRole('table', { name: 'API tokens' });
  await table.getByText("Dana's laptop").waitFor();
  // Exactly hers: the owner column names her on every row.
  const owners = await table.locator('tbody:not([hidden]) tr td:nth-child(3)').allInnerTexts();
  assert.equal(owners.length, count);
  assert.ok(owners.every((o) => o === 'Dana Developer'), owners.join());
  // Her token is read as she reads it (its history), and revoked, never changed.
  await table.getByRole('button', { name: "Actions for Dana's laptop" }).click();
  assert.deepEqual(await page.getByRole('menuitem').allInnerTexts(), ['Details', 'Delete']);
  await page.getByRole('menuitem', { name: 'Details' }).click();
  const details = page.getByRole('dialog', { name: "Details of “Dana's laptop”" });
  const history = details.locator('ol.att-history > li');
  await history.first().waitFor();
  assert.match(await history.last().innerText(), /^Created · .+ · by Dana Developer/);
  await details.getByRole('button', { name: 'Close' }).click();
  await details.waitFor({ state: 'detached' });

  await page.getByRole('checkbox', { name: `Select all ${count} tokens shown` }).check();
  await page.getByRole('button', { name: `Revoke ${count} tokens…` }).waitFor();
  assert.deepEqual(await axeViolations(page, 'the Owner filter on a member, all picked'), []);
  await page.screenshot({ path: screenshotPath('owner-filter') });
  await page.getByRole('button', { name: `Revoke ${count} tokens…` }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Revoke the selected tokens?' });
  await dialog.getByText(`${count} will be revoked:`).waitFor();
  await dialog.getByRole('button', { name: `Revoke ${count} tokens`, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText(`${count} tokens revoked.`).first().waitFor();

  assert.equal(await exchange(made[0].clientId, made[0].secret), null, 'refused after the revoke');
  assert.equal(await exchange(made[1].clientId, made[1].secret), null);
  assert.equal(await whoami(access.secret), 401, 'the access token is refused too');
  assert.deepEqual(await theirs(), []);
  // She stays in the filter with none left; the admin's own list is as it was.
  assert.match(await owner.locator('option[value="member:acme-dev"]').innerText(), /\(0 tokens\)$/);
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`at 360 px each token is a card, nothing scrolls sideways and every menu is reachable (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    await signInOn(page, 'admin@acme.test');
    await page.getByLabel('Owner', { exact: true }).selectOption('everyone');
    const table = page.getByRole('table', { name: 'API tokens' });
    const menus = table.getByRole('button', { name: /^Actions for / });
    await menus.first().waitFor();
    const sideways = () =>
      page.evaluate(() => {
        const wrap = document.querySelector('.att-table-wrap');
        return {
          page: document.documentElement.scrollWidth - window.innerWidth,
          table: wrap.scrollWidth - wrap.clientWidth,
        };
      });
    assert.deepEqual(await sideways(), { page: 0, table: 0 });
    // A card per token: its cells stacked under their columns' names.
    const card = await table.locator('tbody tr').first().evaluate((tr) => ({
      display: getComputedStyle(tr).display,
      label: getComputedStyle(tr.querySelector('[data-label]'), '::before').content,
    }));
    assert.equal(card.display, 'block');
    assert.match(card.label, /Identifier/);
    const n = await menus.count();
    assert.ok(n >= 8, `${n} menus`);
    for (let i = 0; i < n; i++) {
      const button = menus.nth(i);
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `menu ${i} is on screen: ${JSON.stringify(box)}`);
      await button.click();
      const menu = page.getByRole('menu');
      await menu.waitFor();
      const list = await menu.boundingBox();
      assert.ok(list.x >= 0 && list.x + list.width <= 360, `its items are on screen: ${JSON.stringify(list)}`);
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
    }
    assert.deepEqual(await sideways(), { page: 0, table: 0 });
    assert.deepEqual(await axeViolations(page, `the cards at 360 px (${scheme})`), []);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath(scheme === 'dark' ? 'narrow-cards-dark' : 'narrow-cards') });
    await context.close();
  });
}
