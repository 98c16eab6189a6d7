// The first load carries the list; each dialog's code comes in a chunk of its own (issue 36: the
// release artefacts' `split` feature, src/components/dialogs.rs: Chunk, cut by wasm-split-cli in
// scripts/lib.sh), fetched when the page is idle after the first rows, on hover or focus of
// what opens it, or when it opens. Against scripts/run's release build:
// - no chunk is fetched before the rows are on screen;
// - every dialog opens from a cold chunk: its frame (its title, "Loading…") at once, then the
//   dialog itself when the chunk comes;
// - every dialog opens from a preloaded chunk without a request for code and without a frame;
// - a chunk answered 404 or 500, or whose connection drops: the message in place of the dialog,
//   the tab alive and what was typed kept, Retry opens it; a secret whose dialog's chunk
//   failed is shown after Retry;
// - the element on a host page with a strict CSP fetches and runs its chunks, no violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, DEMO_PASSWORD as PASSWORD, api, jwtOf, launch, strictCspVendorPage } from './browser.mjs';

// A chunk's URL: split_DIALOG.wasm (a dialog's own code) or chunk_N.wasm (code several share),
// with the standalone build's content hash.
const CHUNK = /\/(split_[a-z_]+|chunk_\d+)(-[0-9a-f]{16})?\.wasm$/;
const split = (chunk) => new RegExp(`/split_${chunk}(-[0-9a-f]{16})?\\.wasm$`);
const LOADING = 'Loading…';
const FAILED = 'This part of the tab could not be loaded. Check your connection and try again.';

let browser;
let jwt;
// A token of the admin's inside a grace window (every row dialog is offered on it).
let name;
before(async () => {
  browser = await launch();
  jwt = await jwtOf('admin@acme.test');
  name = `e2e chunks ${Date.now()}`;
  const viewer = (await api(jwt, 'GET', 'roles/v1')).body.find((r) => r.name === 'Viewer').id;
  // Expiring in 30 days: Renew… is offered too.
  const made = await api(jwt, 'POST', 'tenants/api-tokens/v2', { description: name, roleIds: [viewer], expiresInMinutes: 43200 });
  assert.equal(made.status, 201);
  const rolled = await api(jwt, 'POST', `tenants/api-tokens/v1/${made.body.clientId}/rotate`, { graceMinutes: 60 });
  assert.equal(rolled.status, 200, JSON.stringify(rolled.body));
});
after(async () => {
  await browser?.close();
});

// The standalone app signed in as the admin, its requests for code recorded from the start;
// `route` (optional) intercepts the chunks before the page loads.
async function signIn(route) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const code = [];
  page.on('request', (r) => {
    if (CHUNK.test(new URL(r.url()).pathname)) code.push(new URL(r.url()).pathname);
  });
  if (route) await page.route(CHUNK, route);
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill('admin@acme.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  return { page, errors, code };
}

const openDialog = (page) => page.locator('dialog[open]');
const choose = async (page, item) => {
  await page.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
  await page.getByRole('menuitem', { name: item }).click();
};
const secretTitle = 'Copy your token now';

// Fills the generate form and sends it (its chunk in): the secret dialog opens next.
async function generate(page, description) {
  await page.getByRole('button', { name: 'Generate token' }).first().click();
  const form = openDialog(page);
  await form.getByLabel('Description').fill(description);
  await form.getByRole('checkbox', { name: /Viewer/ }).check();
  await form.getByRole('button', { name: 'Generate token' }).click();
}

// Each dialog: its chunk, how it is opened, its title, and what only the dialog itself (not
// its frame) holds.
const DIALOGS = [
  {
    chunk: 'generate',
    open: (page) => page.getByRole('button', { name: 'Generate token' }).first().click(),
    title: () => 'Generate client credentials',
    ready: (d) => d.getByLabel('Description'),
  },
  {
    chunk: 'secret',
    open: (page) => generate(page, `e2e chunks secret ${Date.now()}`),
    title: () => secretTitle,
    ready: (d) => d.locator('code.att-secret'),
  },
  {
    chunk: 'details',
    open: (page) => choose(page, 'Details'),
    title: () => `Details of “${name}”`,
    ready: (d) => d.locator('dl.att-summary'),
  },
  {
    chunk: 'roll',
    open: (page) => choose(page, 'Roll secret…'),
    title: () => `Roll the secret of “${name}”?`,
    ready: (d) => d.getByRole('button', { name: 'Roll secret', exact: true }),
  },
  {
    chunk: 'end_window',
    open: (page) => choose(page, 'Expire previous secret now'),
    title: () => `End the previous secret of “${name}” now?`,
    ready: (d) => d.getByRole('button', { name: 'Cancel' }),
  },
  {
    chunk: 'renew',
    open: (page) => choose(page, 'Renew…'),
    title: () => `Renew “${name}”`,
    ready: (d) => d.getByLabel('Expiration'),
  },
  {
    chunk: 'edit',
    open: (page) => choose(page, 'Edit'),
    title: () => `Edit “${name}”`,
    ready: (d) => d.getByLabel('Description'),
  },
  {
    chunk: 'delete',
    open: (page) => choose(page, 'Delete'),
    title: () => `Delete “${name}”?`,
    ready: (d) => d.getByRole('button', { name: 'Delete token', exact: true }),
  },
];

// Waits until the page has the code of `chunks` (their split_ files answered).
const fetched = (page, chunks) =>
  page.waitForFunction(
    (names) =>
      names.every((n) =>
        performance
          .getEntriesByType('resource')
          .some((e) => new RegExp(`/split_${n}(-[0-9a-f]{16})?\\.wasm$`).test(e.name) && e.responseEnd > 0),
      ),
    chunks,
  );

test('no chunk is fetched before the rows; the idle preload then fetches every dialog\'s', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // When the first row is in the DOM.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('table tbody tr')) {
        window.__rowsAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill('admin@acme.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await fetched(page, DIALOGS.map((d) => d.chunk));
  const { rowsAt, starts } = await page.evaluate(() => ({
    rowsAt: window.__rowsAt,
    starts: performance
      .getEntriesByType('resource')
      .filter((e) => /\/(split_[a-z_]+|chunk_\d+)(-[0-9a-f]{16})?\.wasm$/.test(e.name))
      .map((e) => e.startTime),
  }));
  assert.ok(rowsAt > 0, 'the rows were seen');
  assert.ok(starts.length >= DIALOGS.length, `${starts.length} chunks`);
  assert.ok(Math.min(...starts) > rowsAt, `the first chunk at ${Math.min(...starts)} ms, the rows at ${rowsAt} ms`);
  await context.close();
});

for (const d of DIALOGS) {
  test(`${d.chunk}: from a cold chunk, its frame at once, then the dialog`, async () => {
    // Its own chunk held until the frame has been seen (the idle preload asked for it too).
    const held = [];
    let release;
    const released = new Promise((r) => (release = r));
    const { page, errors, code } = await signIn(async (route) => {
      if (!split(d.chunk).test(new URL(route.request().url()).pathname)) return route.continue();
      held.push(route);
      await released;
      await route.continue();
    });
    if (d.chunk === 'secret') {
      // The generate form's own chunk must be in first.
      await fetched(page, ['generate']);
    }
    await d.open(page);
    const dialog = openDialog(page);
    // Its frame, titled as the dialog (for the secret, once the generate form has given way).
    await dialog.getByRole('heading', { name: d.title(), exact: true }).waitFor();
    await dialog.getByRole('status').filter({ hasText: LOADING }).waitFor();
    assert.equal(await dialog.getAttribute('aria-labelledby') !== null, true);
    assert.ok(held.length >= 1, `split_${d.chunk} was asked for (${code})`);
    release();
    await d.ready(openDialog(page)).waitFor();
    assert.equal((await openDialog(page).locator('h2').textContent()).trim(), d.title());
    assert.equal(await openDialog(page).getByText(LOADING).count(), 0, 'the frame is gone');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
}

test('every dialog from a preloaded chunk: no request for code, no frame', async () => {
  const { page, errors, code } = await signIn();
  // The idle preload has fetched every dialog's chunk.
  await fetched(page, DIALOGS.map((d) => d.chunk));
  // Any frame drawn from now on is recorded.
  await page.evaluate(() => {
    window.__frames = 0;
    new MutationObserver(() => {
      if (document.querySelector('dialog [role=status][aria-busy=true]')) window.__frames++;
    }).observe(document, { childList: true, subtree: true });
  });
  const loaded = code.length;
  for (const d of DIALOGS) {
    await d.open(page);
    await d.ready(openDialog(page)).waitFor();
    assert.equal((await openDialog(page).locator('h2').textContent()).trim(), d.title());
    if (d.chunk === 'secret') {
      await openDialog(page).getByLabel('I have copied it and stored it safely').check();
      await openDialog(page).getByRole('button', { name: 'Done' }).click();
    } else {
      await page.keyboard.press('Escape');
    }
    await openDialog(page).waitFor({ state: 'detached' });
  }
  assert.deepEqual(code.slice(loaded), [], 'no code was fetched by opening the dialogs');
  assert.equal(await page.evaluate(() => window.__frames), 0, 'no dialog showed its loading frame');
  assert.deepEqual(errors, []);
  await page.context().close();
});

// How a chunk's request fails.
const FAULTS = {
  404: (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }),
  500: (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'boom' }),
  'dropped connection': (route) => route.abort('connectionreset'),
};

for (const [fault, fail] of Object.entries(FAULTS)) {
  test(`the generate form's chunk ${fault}: the message in place of the dialog, the tab and the search kept, Retry opens it`, async () => {
    let failing = true;
    const { page, errors } = await signIn((route) =>
      failing && split('generate').test(new URL(route.request().url()).pathname) ? fail(route) : route.continue(),
    );
    const search = page.getByRole('searchbox', { name: 'Search tokens' });
    await search.fill(name);
    await page.getByRole('button', { name: 'Generate token' }).first().click();
    const dialog = openDialog(page);
    await dialog.getByRole('alert').filter({ hasText: FAILED }).waitFor();
    assert.equal((await dialog.locator('h2').textContent()).trim(), 'Generate client credentials');
    // Focus on Retry; the list behind is alive, the search as typed.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Retry');
    assert.equal(await search.inputValue(), name);
    assert.equal(await page.locator('table tbody tr').count(), 1);
    // Retry while it still fails: the message again, nothing else.
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await dialog.getByRole('alert').filter({ hasText: FAILED }).waitFor();
    failing = false;
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await openDialog(page).getByLabel('Description').waitFor();
    await openDialog(page).getByLabel('Description').fill('typed after the retry');
    await page.keyboard.press('Escape');
    await openDialog(page).waitFor({ state: 'detached' });
    // The list kept its search; the form its draft.
    assert.equal(await search.inputValue(), name);
    await page.getByRole('button', { name: 'Generate token' }).first().click();
    assert.equal(await openDialog(page).getByLabel('Description').inputValue(), 'typed after the retry');
    assert.deepEqual(errors, [], 'the wasm lives on');
    await page.context().close();
  });
}

test('the secret dialog\'s chunk fails after a create: the secret is kept for Retry, then shown', async () => {
  let failing = true;
  const { page, errors } = await signIn((route) =>
    failing && split('secret').test(new URL(route.request().url()).pathname)
      ? route.fulfill({ status: 404, body: '' })
      : route.continue(),
  );
  await fetched(page, ['generate']);
  const description = `e2e chunks kept secret ${Date.now()}`;
  await generate(page, description);
  const dialog = openDialog(page);
  await dialog.getByRole('alert').filter({ hasText: FAILED }).waitFor();
  assert.equal((await dialog.locator('h2').textContent()).trim(), secretTitle);
  // The token exists; its row is in the list.
  await page.locator('td.att-col-description', { hasText: description }).waitFor();
  failing = false;
  await dialog.getByRole('button', { name: 'Retry' }).click();
  const secret = (await openDialog(page).locator('code.att-secret').textContent()).trim();
  assert.equal(secret.length, 43);
  const clientId = (await openDialog(page).locator('dd code').first().textContent()).trim();
  const exchanged = await fetch(`${BASE_URL}/frontegg/identity/resources/auth/v2/api-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, secret }),
  });
  assert.equal(exchanged.status, 200, 'the secret shown after Retry is the token\'s');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the element on a host page with a strict CSP fetches and runs its chunks: no violation', async () => {
  const page = await strictCspVendorPage(browser);
  const code = [];
  page.on('request', (r) => CHUNK.test(new URL(r.url()).pathname) && code.push(new URL(r.url()).pathname));
  await page.goto(BASE_URL + '/examples/vendor-app/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
  await page.getByRole('button', { name: 'Generate token' }).first().click();
  await page.getByRole('dialog', { name: 'Generate client credentials' }).getByLabel('Description').waitFor();
  assert.ok(code.some((p) => p === '/embed/split_generate.wasm'), `the embed's chunk: ${code}`);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.context().close();
});
