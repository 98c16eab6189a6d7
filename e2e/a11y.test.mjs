// Accessibility: axe-core (WCAG 2.2 AA rules) on each state of the tab, in light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, axeViolations, launch, screenshotPath } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Audits the page as it is, and keeps a screenshot of the state.
async function audit(page, state) {
  const scheme = await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  await page.screenshot({ path: screenshotPath(`state-${state.replace(/\W+/g, '-')}-${scheme}`), fullPage: true });
  return axeViolations(page, state);
}

for (const scheme of ['light', 'dark']) {
  test(`every state has no WCAG 2.2 AA violations (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = [];
    const name = `a11y token ${scheme} ${Date.now()}`;

    await page.goto(BASE_URL + '/');
    await page.getByRole('heading', { name: 'Sign in to manage API tokens' }).waitFor();
    violations.push(...(await audit(page, 'sign-in')));

    await page.getByLabel('Email').fill('dev@acme.test');
    await page.getByLabel('Password').fill('acme-demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('table', { name: 'API tokens' }).waitFor();
    violations.push(...(await audit(page, 'list')));
    await page.screenshot({ path: screenshotPath(`list-${scheme}`), fullPage: true });

    await page.getByLabel('Search tokens').fill('no such token anywhere');
    await page.getByText('No tokens match').waitFor();
    violations.push(...(await audit(page, 'search without result')));
    await page.getByRole('button', { name: 'Clear search and filters' }).click();

    await page.getByRole('button', { name: 'Generate token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate client credentials' });
    await dialog.waitFor();
    violations.push(...(await audit(page, 'generate form with role picker')));
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    await dialog.getByText('Enter a description').waitFor();
    violations.push(...(await audit(page, 'generate form with errors')));

    await dialog.getByLabel('Description').fill(name);
    await dialog.getByRole('checkbox', { name: /Viewer/ }).check();
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    const secret = page.getByRole('dialog', { name: 'Copy your token now' });
    await secret.waitFor();
    violations.push(...(await audit(page, 'secret dialog')));
    await secret.getByLabel('I have copied it and stored it safely').check();
    await secret.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).waitFor();
    violations.push(...(await audit(page, 'row menu')));
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    await page.getByRole('dialog', { name: /Edit/ }).waitFor();
    violations.push(...(await audit(page, 'edit dialog')));
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: "Actions for Terraform provider" }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').waitFor();
    violations.push(...(await audit(page, 'delete dialog')));

    assert.deepEqual(violations, [], violations.join('\n'));
  });
}

// The states a healthy demo never shows: loading, empty and failed, made with routed responses.
for (const scheme of ['light', 'dark']) {
  test(`loading, empty and error states have no WCAG 2.2 AA violations (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = [];
    let mode = 'hold';
    const held = [];
    const lists = /\/(tenants|users)\/(api|access)-tokens\/v1(\?members=all)?$/;
    const handle = async (route) => {
      const url = route.request().url();
      if (url.includes('/auth/')) return route.continue();
      if (mode === 'hold') return new Promise((resolve) => held.push(() => resolve(handle(route))));
      if (mode === 'fail' && url.endsWith('/me/authorization')) {
        return route.fulfill({ status: 503, contentType: 'application/json', body: '{"errors":["maintenance"]}' });
      }
      if (mode === 'empty' && lists.test(url)) {
        const body = url.includes('access-tokens') ? '{"accessTokens":[]}' : '[]';
        return route.fulfill({ status: 200, contentType: 'application/json', body });
      }
      return route.continue();
    };
    await page.route('**/frontegg/identity/resources/**', handle);
    const signIn = async () => {
      await page.goto(BASE_URL + '/');
      await page.getByLabel('Email').fill('admin@acme.test');
      await page.getByLabel('Password').fill('acme-demo-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
    };

    await signIn();
    await page.getByText('Loading tokens…').waitFor();
    violations.push(...(await audit(page, 'loading')));
    await page.screenshot({ path: screenshotPath(`loading-${scheme}`), fullPage: true });
    mode = 'empty';
    held.splice(0).forEach((go) => go());
    await page.getByRole('button', { name: 'Generate token' }).first().waitFor();
    await page.getByText('No API tokens yet').waitFor();
    violations.push(...(await audit(page, 'empty')));
    await page.screenshot({ path: screenshotPath(`empty-${scheme}`), fullPage: true });

    mode = 'fail';
    await signIn();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /could not be loaded.*maintenance/);
    violations.push(...(await audit(page, 'error')));
    await page.screenshot({ path: screenshotPath(`error-${scheme}`), fullPage: true });

    assert.deepEqual(violations, [], violations.join('\n'));
    await context.close();
  });
}
