// The element in German, Arabic, French and Japanese on the vendor page: the browser's language
// picks German, French or Japanese by itself, the `locale` attribute switches to Arabic at run
// time, Arabic lays the tab out right to left, all stay accessible (axe), and the screenshots in
// docs/screenshots come from here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, launch, screenshotPath } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// The catalog files a page asked for (the release artefacts carry English only and fetch the
// catalog they speak: src/i18n/fetched.rs).
function catalogsAsked(page) {
  const asked = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/\/locales\/[a-z]+\.json$/.test(path)) asked.push(path);
  });
  return asked;
}

async function vendorPage(locale) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.catalogs = catalogsAsked(page);
  await page.goto(BASE_URL + '/examples/vendor-app/');
  await page.getByLabel('User').selectOption('admin@acme.test');
  await page.getByRole('button', { name: 'Sign in' }).click();
  return { page, context, errors };
}

const tab = (page) => page.locator('api-tokens-tab section.att');

async function audit(page, what) {
  const result = await new AxeBuilder({ page }).include('api-tokens-tab').analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
  assert.deepEqual(found, [], `${what}: accessibility violations`);
}

test('a German browser gets the tab in German, dates and counts included', async () => {
  const { page, context, errors } = await vendorPage('de-DE');
  await page.getByRole('table', { name: 'API-Tokens' }).waitFor();
  assert.equal(await tab(page).getAttribute('lang'), 'de-DE');
  assert.equal(await tab(page).getAttribute('dir'), 'ltr');
  await page.getByRole('button', { name: 'Token erstellen' }).waitFor();
  assert.deepEqual(page.catalogs, ['/embed/locales/de.json'], 'the German catalog, once');
  const count = await tab(page).locator('.att-count').textContent();
  assert.match(count, /^\d+ Tokens?$/, count);
  // Dates as Germans write them (28.11.2026), relative times in German.
  const created = await tab(page).locator('tbody tr .att-time').first().getAttribute('aria-label');
  assert.match(created, /(vor|jetzt|gestern|heute)/, created);
  assert.match(created, /\d{2}\.\d{2}\.\d{4}/, created);
  await audit(page, 'German list');
  await page.screenshot({ path: screenshotPath('list-de'), fullPage: true });

  await page.getByRole('button', { name: 'Token erstellen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Client-Anmeldedaten erstellen' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Token erstellen' }).click();
  await dialog.getByText('Geben Sie eine Beschreibung ein').waitFor();
  await audit(page, 'German generate form');
  await page.screenshot({ path: screenshotPath('generate-de'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the standalone app in a French browser fetches the French catalog once, and speaks it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const asked = catalogsAsked(page);
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill('admin@acme.test');
  await page.getByLabel('Password').fill('acme-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'Jetons d’API' }).waitFor();
  assert.equal(await page.locator('section.att').getAttribute('lang'), 'fr-FR');
  await page.getByRole('button', { name: 'Générer un jeton' }).waitFor();
  assert.deepEqual(asked, ['/public/locales/fr.json']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a French browser gets the tab in French: French typography, dates and counts', async () => {
  const { page, context, errors } = await vendorPage('fr-FR');
  await page.getByRole('table', { name: 'Jetons d’API' }).waitFor();
  assert.equal(await tab(page).getAttribute('lang'), 'fr-FR');
  assert.equal(await tab(page).getAttribute('dir'), 'ltr');
  await page.getByRole('button', { name: 'Générer un jeton' }).waitFor();
  const count = await tab(page).locator('.att-count').textContent();
  assert.match(count, /^\d+ jetons?$/, count);
  // Dates as the French write them (28 nov. 2026), relative times in French.
  const created = await tab(page).locator('tbody tr .att-time').first().getAttribute('aria-label');
  assert.match(created, /(il y a|maintenant|hier|aujourd’hui)/, created);
  assert.match(created, /\d{1,2} [a-zéû]+\.? \d{4}/, created);
  await audit(page, 'French list');
  await page.screenshot({ path: screenshotPath('list-fr'), fullPage: true });

  await page.getByRole('button', { name: 'Générer un jeton' }).click();
  const dialog = page.getByRole('dialog', { name: 'Générer des identifiants client' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Générer un jeton' }).click();
  await dialog.getByText('Saisissez une description').waitFor();
  await audit(page, 'French generate form');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a Japanese browser gets the tab in Japanese: one form per count, no spaces added', async () => {
  const { page, context, errors } = await vendorPage('ja-JP');
  await page.getByRole('table', { name: 'APIトークン' }).waitFor();
  assert.equal(await tab(page).getAttribute('lang'), 'ja-JP');
  await page.getByRole('button', { name: 'トークンを生成' }).waitFor();
  const count = await tab(page).locator('.att-count').textContent();
  assert.match(count, /^[\d,]+件のトークン$/, count);
  // Dates as Japanese write them (2026/11/28), relative times in Japanese.
  const created = await tab(page).locator('tbody tr .att-time').first().getAttribute('aria-label');
  assert.match(created, /\d{4}\/\d{1,2}\/\d{1,2}/, created);
  assert.match(created, /(前|今|昨日|今日)/, created);
  await audit(page, 'Japanese list');
  await page.screenshot({ path: screenshotPath('list-ja'), fullPage: true });

  // The delete dialog's two sentences meet with no space between them.
  await tab(page).locator('tbody tr button[aria-haspopup]').first().click();
  await page.getByRole('menuitem', { name: '削除' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const warning = await dialog.locator('.att-warning').textContent();
  assert.ok(warning.includes('この操作は元に戻せません。このトークン'), warning);
  await audit(page, 'Japanese delete dialog');
  await dialog.getByRole('button', { name: 'キャンセル' }).click();
  assert.deepEqual(errors, []);
  await context.close();
});

test("a catalog that cannot be had: the tab stays in English, says why once, asks no more, and switches on", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'de-DE' });
  await context.route('**/locales/de.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const said = [];
  page.on('console', (m) => m.type() === 'error' && said.push(m.text()));
  const asked = catalogsAsked(page);
  const why = () => said.filter((t) => t.includes('api-tokens-tab'));
  // Waits for the tab's n-th console error (polled, not slept).
  const told = async (n) => {
    for (let i = 0; i < 200 && why().length < n; i++) await page.waitForTimeout(25);
    assert.equal(why().length, n, why().join('\n'));
  };
  await page.goto(BASE_URL + '/examples/vendor-app/');
  await page.getByLabel('User').selectOption('admin@acme.test');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  await page.getByRole('button', { name: 'Generate token' }).waitFor();
  await told(1);
  assert.deepEqual(asked, ['/embed/locales/de.json'], 'asked once, from the loader');
  assert.match(why()[0], /the de catalog could not be loaded \(.*de\.json answered 404\); the tab keeps the language it speaks/);
  // The host's own English words meanwhile; a change asks for the catalog once more.
  await page.locator('api-tokens-tab').evaluate((el) => (el.messages = { en: { table_caption: 'Your API keys' } }));
  await page.getByRole('table', { name: 'Your API keys' }).waitFor();
  await told(2);
  // Another language still comes. A failure that asked again by itself would show here as
  // more than the two German requests (one from the loader, one after the change).
  await page.locator('api-tokens-tab').evaluate((el) => el.setAttribute('locale', 'fr'));
  await page.getByRole('table', { name: 'Jetons d’API' }).waitFor();
  assert.deepEqual(asked, ['/embed/locales/de.json', '/embed/locales/de.json', '/embed/locales/fr.json']);
  assert.equal(why().length, 2, why().join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test("the host's German words, given while the German catalog is on its way, sit over it when it comes", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'de-DE' });
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await context.route('**/locales/de.json', async (route) => {
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE_URL + '/examples/vendor-app/');
  await page.getByLabel('User').selectOption('admin@acme.test');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // English while the catalog is held.
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  await page.locator('api-tokens-tab').evaluate((el) => (el.messages = { de: { table_caption: 'Meine API-Schlüssel' } }));
  release();
  await page.getByRole('table', { name: 'Meine API-Schlüssel' }).waitFor();
  await page.getByRole('button', { name: 'Token erstellen' }).waitFor();
  assert.equal(await tab(page).getAttribute('lang'), 'de-DE');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the locale attribute switches to Arabic at run time: right to left, input kept', async () => {
  const { page, context, errors } = await vendorPage('en-US');
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByLabel('Description').fill('ترحيل البيانات');

  await page.locator('api-tokens-tab').evaluate((el) => el.setAttribute('locale', 'ar'));
  const dialog = page.getByRole('dialog', { name: 'إنشاء بيانات اعتماد عميل' });
  await dialog.waitFor();
  assert.equal(await page.getByLabel('الوصف').inputValue(), 'ترحيل البيانات', 'input kept');
  assert.equal(await tab(page).getAttribute('dir'), 'rtl');
  assert.equal(await tab(page).getAttribute('lang'), 'ar');
  // Mirrored: in the form's button row the primary action sits on the left.
  const cancel = await dialog.getByRole('button', { name: 'إلغاء' }).boundingBox();
  const submit = await dialog.getByRole('button', { name: 'إنشاء رمز' }).boundingBox();
  assert.ok(submit.x < cancel.x, `submit ${submit.x} left of cancel ${cancel.x}`);
  await audit(page, 'Arabic generate form');
  await page.screenshot({ path: screenshotPath('generate-ar'), fullPage: true });
  await dialog.getByRole('button', { name: 'إلغاء' }).click();

  // The list mirrored: the title on the right, the generate button on the left.
  const title = await tab(page).locator('.att-title').boundingBox();
  const generate = await page.getByRole('button', { name: 'إنشاء رمز' }).boundingBox();
  assert.ok(generate.x < title.x, `generate ${generate.x} left of title ${title.x}`);
  const firstCell = await tab(page).locator('thead th').first().boundingBox();
  const lastCell = await tab(page).locator('thead th').last().boundingBox();
  assert.ok(firstCell.x > lastCell.x, 'the first column is the rightmost');
  await page.getByRole('table', { name: 'رموز API' }).waitFor();
  await audit(page, 'Arabic list');
  await page.screenshot({ path: screenshotPath('list-ar'), fullPage: true });

  // And back: an attribute removed means the browser's language again.
  await page.locator('api-tokens-tab').evaluate((el) => el.removeAttribute('locale'));
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  assert.equal(await tab(page).getAttribute('dir'), 'ltr');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the element takes the host's words as JSON or as a property, and names a mistake in them", async () => {
  const { page, context, errors } = await vendorPage('en-US');
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  const element = page.locator('api-tokens-tab');
  await element.evaluate((el) =>
    el.setAttribute('messages', JSON.stringify({ en: { title: 'API keys', table_caption: 'Your API keys' } })),
  );
  await page.getByRole('table', { name: 'Your API keys' }).waitFor();
  assert.equal(await tab(page).locator('.att-title').textContent(), 'API keys');

  // The property wins over the attribute; a locale of the host's, English where it is silent.
  await element.evaluate((el) => {
    el.messages = { 'pt-BR': { title: 'Chaves de API', table_caption: 'Chaves', token_count: { one: '{n} chave', other: '{n} chaves' } } };
    el.setAttribute('locale', 'pt-BR');
  });
  await page.getByRole('table', { name: 'Chaves' }).waitFor();
  assert.equal(await tab(page).getAttribute('lang'), 'pt-BR');
  assert.match(await tab(page).locator('.att-count').textContent(), /^\d+ chaves?$/);
  await page.getByRole('button', { name: 'Generate token' }).waitFor();
  await audit(page, "the host's locale");
  // With the property set the attribute is not read, not even JSON that does not parse.
  await element.evaluate((el) => el.setAttribute('messages', '{"en": {'));
  await page.getByRole('table', { name: 'Chaves' }).waitFor();
  assert.equal(await element.locator('[data-att-error]').count(), 0);
  await element.evaluate((el) =>
    el.setAttribute('messages', JSON.stringify({ en: { title: 'API keys', table_caption: 'Your API keys' } })),
  );

  // A mistake names the key and the tag inside the element, and tells the page.
  const told = element.evaluate(
    (el) => new Promise((resolve) => el.addEventListener('api-tokens-error', (e) => resolve(e.detail.message), { once: true })),
  );
  await element.evaluate((el) => {
    el.messages = { 'pt-BR': { deleted_notice: 'Excluída.' } };
  });
  const expected = 'api-tokens-tab: option "messages": message "deleted_notice" in "pt-BR" lacks the placeholder {name}';
  const alert = element.locator('[data-att-error]');
  await alert.waitFor();
  assert.equal(await alert.textContent(), expected);
  assert.equal(await told, expected);

  // Fixed, the tab is back; JSON that does not parse names the attribute.
  await element.evaluate((el) => {
    el.messages = null;
  });
  await page.getByRole('table', { name: 'Your API keys' }).waitFor();
  await element.evaluate((el) => el.setAttribute('messages', '{"en": {'));
  await alert.waitFor();
  assert.match(await alert.textContent(), /^api-tokens-tab: attribute "messages" must be JSON \(/);
  await element.evaluate((el) => {
    el.removeAttribute('messages');
    el.removeAttribute('locale');
  });
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
