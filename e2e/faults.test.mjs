// The fault matrix: for each of load, create, delete and edit, and for each way a backend
// fails, the real tab (the <api-tokens-tab> element, real HTTP client, token getter) in front
// of the real backend, with the fault injected into that one call by Playwright's request
// interception (the shipped backend has no fault code). Every cell checks: a clear message,
// the user's input kept, retry possible, no duplicate token, and the rest of the tab usable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { API, BASE_URL, DEMO_PASSWORD as PASSWORD, launch } from './browser.mjs';

const TIMEOUT_S = 8; // the tab's default request timeout

let browser;
let jwt;
let viewerRole;
before(async () => {
  browser = await launch();
  const resp = await fetch(`${API}/auth/v1/user`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.test', password: PASSWORD }),
  });
  assert.equal(resp.status, 200);
  jwt = (await resp.json()).accessToken;
  const roles = await api('GET', 'roles/v1');
  viewerRole = roles.find((r) => r.name === 'Viewer').id;
});
after(async () => {
  await browser?.close();
});

async function api(method, path, body) {
  const resp = await fetch(`${API}/${path}`, {
    method,
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const text = await resp.text();
  if (!resp.ok) throw new Error(`${method} ${path}: ${resp.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// The account's client-credentials tokens with this description, on the server.
const onServer = async (description) =>
  (await api('GET', 'tenants/api-tokens/v1')).filter((t) => t.description === description);

async function createOnServer(description) {
  const created = await api('POST', 'tenants/api-tokens/v2', { description, roleIds: [viewerRole] });
  return created.clientId;
}

const json = (body) => ({ contentType: 'application/json', body: JSON.stringify(body) });
const errorBody = (status) => ({ status, ...json({ errors: [`injected ${status}`] }) });

// How each fault answers the one intercepted call. `hits` counts calls that reached the route.
// Faults after which the server did act ("forwarded") send the request on first.
const FAULTS = {
  500: async (route) => route.fulfill(errorBody(500)),
  502: async (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad gateway</html>' }),
  401: async (route) => route.fulfill(errorBody(401)),
  403: async (route) => route.fulfill(errorBody(403)),
  404: async (route) => route.fulfill(errorBody(404)),
  409: async (route) => route.fulfill(errorBody(409)),
  // Once, then the request goes through.
  429: async (route, hits) =>
    hits === 1
      ? route.fulfill({ status: 429, headers: { 'retry-after': '2' }, ...json({ errors: ['slow down'] }) })
      : route.continue(),
  'malformed JSON': async (route) => {
    const resp = await route.fetch();
    await route.fulfill({ response: resp, body: '{"clientId": "abc", "secret": ' });
  },
  'wrong shape': async (route) => {
    const resp = await route.fetch();
    await route.fulfill({ response: resp, body: '{"items": [1, 2, 3], "ok": true}' });
  },
  'empty body': async (route) => {
    const resp = await route.fetch();
    await route.fulfill({ response: resp, body: '' });
  },
  // Held for 10 s, then dropped without reaching the server.
  stall: async (route) => {
    await new Promise((r) => setTimeout(r, 10_000));
    await route.abort('timedout').catch(() => {});
  },
  'connection refused': async (route) => route.abort('connectionrefused'),
  offline: null, // the browser goes offline instead
  // The server acts; its answer never arrives.
  'lost response': async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  },
};

const MESSAGES = {
  500: /token service had a problem/,
  502: /token service had a problem/,
  401: /session has expired/,
  403: /do not have permission/,
  404: /Not found/,
  409: /cannot do this as things stand/,
  'malformed JSON': /does not understand/,
  'wrong shape': /does not understand/,
  'empty body': /does not understand/,
  stall: new RegExp(`did not answer within ${TIMEOUT_S} seconds`),
  'connection refused': /Could not reach the token service/,
  offline: /You are offline/,
  'lost response': /Could not reach the token service/,
};

// One page with the element mounted as the vendor portal would (its getter counted), with the
// fault armed on calls matching `match` before `arm` returns.
async function cell({ match, fault, beforeMount }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE_URL + '/examples/vendor-app/');
  // The module and its wasm load now, so an offline cell only affects the API calls.
  await page.evaluate(async () => {
    const m = await import('/embed/api-tokens-tab.js');
    await m.default();
  });
  // `hits` counts calls that reached the fault's route; `requests` every API call the page sent
  // (the tab asks the host's getAccessToken once before each, a repeat after a 401 included).
  const state = { hits: 0, armed: false, requests: 0 };
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/frontegg/identity/resources/')) state.requests += 1;
  });
  const arm = async () => {
    state.armed = true;
    if (fault === 'offline') {
      await context.setOffline(true);
      return;
    }
    await page.route(
      (url) => match.path(new URL(url).pathname),
      async (route) => {
        if (!state.armed || route.request().method() !== match.method) return route.fallback();
        state.hits += 1;
        await FAULTS[fault](route, state.hits);
      },
    );
  };
  const heal = async () => {
    state.armed = false;
    if (fault === 'offline') await context.setOffline(false);
  };
  if (beforeMount) await arm();
  await page.evaluate((token) => {
    window.getterCalls = 0;
    const tab = document.createElement('api-tokens-tab');
    tab.getAccessToken = async () => {
      window.getterCalls += 1;
      return token;
    };
    document.body.append(tab);
  }, jwt);
  const getterCalls = () => page.evaluate(() => window.getterCalls);
  return { page, context, errors, arm, heal, state, getterCalls };
}

// Waits (up to `timeout` ms) until `check()` answers true; fails naming `what` and the last
// value `show()` gives.
async function until(check, what, show, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what} (after ${timeout} ms: ${await show()})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// How often the faulted call was sent and the host's getAccessToken asked. After a 401 the
// tab asks the getter once more and repeats the call once (`again`); after a 403 it does
// neither. `getterBefore` is the count just before the user's action, which makes one call:
// the getter is then asked exactly once per send. A load makes many calls at once, so there
// the count must equal the number of API requests the page sent, a repeat included: a tab
// that resent the old token without asking would be one short.
async function assertGetterAsked(c, getterBefore, { again }) {
  const sends = again ? 2 : 1;
  assert.equal(c.state.hits, sends, again ? 'the call repeated once after the 401' : 'the call not repeated');
  if (getterBefore === undefined) {
    await until(
      async () => (await c.getterCalls()) === c.state.requests,
      'getAccessToken asked once per request sent' + (again ? ', the repeat after the 401 included' : ''),
      async () => `getterCalls ${await c.getterCalls()}, requests ${c.state.requests}`,
    );
  } else {
    assert.equal(
      (await c.getterCalls()) - getterBefore,
      sends,
      again ? 'getAccessToken asked again after the 401' : 'getAccessToken asked once, not again after a 403',
    );
  }
}

const alertText = async (scope) => (await scope.getByRole('alert').allTextContents()).join(' ');
const table = (page) => page.getByRole('table', { name: 'API tokens' });
const rowNamed = (page, name) => table(page).getByRole('row').filter({ hasText: name });

async function waitForText(scope, pattern, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await scope.textContent().catch(() => '');
    if (pattern.test(text ?? '')) return text;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in: ${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The tab still does other things: the search filters and a dialog opens and closes.
async function restUsable(page) {
  const search = page.getByRole('searchbox', { name: 'Search tokens' });
  const before = await search.inputValue();
  await search.fill('zz-no-such-token');
  await waitForText(page.locator('api-tokens-tab section.att'), /No tokens match/);
  await search.fill(before);
  await page.getByRole('button', { name: 'Generate token' }).first().click();
  const dialog = page.getByRole('dialog', { name: /^Generate/ });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function finish({ page, context, errors }) {
  assert.deepEqual(errors, [], 'no uncaught errors');
  await context.close();
}

// Object keys are strings: '401', not 401.
const ALL = Object.keys(FAULTS);
const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const listPath = (p) => p.endsWith('/tenants/api-tokens/v1');

// ---------------------------------------------------------------- load
for (const fault of ALL) {
  test(`load × ${fault}`, async () => {
    const name = `load ${fault} ${suffix()}`;
    const id = await createOnServer(name);
    const c = await cell({ match: { method: 'GET', path: listPath }, fault, beforeMount: true });
    const tab = c.page.locator('api-tokens-tab section.att');
    if (fault === '429') {
      await waitForText(tab, /Trying again in \d s…/);
      await rowNamed(c.page, name).waitFor();
      assert.equal(c.state.hits, 2, 'tried again once, by itself');
    } else if (fault === 'offline') {
      // Nothing can load: the whole tab says so and offers Retry.
      await waitForText(tab, /could not be loaded/);
      assert.match(await alertText(c.page), MESSAGES.offline);
      await c.heal();
      await c.page.getByRole('button', { name: 'Retry' }).click();
      await rowNamed(c.page, name).waitFor();
    } else {
      // The other sources still show; the failing one is named with the reason.
      await waitForText(tab, /Some tokens could not be loaded/, TIMEOUT_S * 1000 + 10_000);
      const text = await alertText(c.page);
      assert.match(text, /account client credentials/);
      assert.match(text, MESSAGES[fault]);
      if (fault === '401') await assertGetterAsked(c, undefined, { again: true });
      if (fault === '403') await assertGetterAsked(c, undefined, { again: false });
      await table(c.page).waitFor();
      await restUsable(c.page);
      // Input kept across the retry: the search typed stays.
      const search = c.page.getByRole('searchbox', { name: 'Search tokens' });
      await search.fill(name);
      await c.heal();
      await c.page.getByRole('button', { name: 'Retry' }).click();
      await rowNamed(c.page, name).waitFor();
      assert.equal(await search.inputValue(), name);
      assert.equal(await c.page.getByRole('alert').count(), 0);
    }
    assert.equal(await rowNamed(c.page, name).count(), 1, 'listed once');
    await finish(c);
    // Leave the account as it was for the next cells on this server.
    await api('DELETE', `tenants/api-tokens/v1/${id}`);
  });
}

// ---------------------------------------------------------------- create
for (const fault of ALL) {
  test(`create × ${fault}`, async () => {
    const name = `create ${fault} ${suffix()}`;
    const c = await cell({ match: { method: 'POST', path: (p) => p.endsWith('/tenants/api-tokens/v2') }, fault });
    await table(c.page).waitFor();
    await c.page.getByRole('button', { name: 'Generate token' }).click();
    const dialog = c.page.getByRole('dialog', { name: /^Generate/ });
    await dialog.getByLabel('Description').fill(name);
    await dialog.getByRole('checkbox', { name: /Viewer/ }).check();
    await c.arm();
    const postsBefore = c.state.hits;
    const getterBefore = await c.getterCalls();
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    const secretDialog = c.page.getByRole('dialog', { name: 'Copy your token now' });

    if (fault === '429') {
      await waitForText(dialog, /Trying again in \d s…/);
      await secretDialog.waitFor();
      assert.equal(c.state.hits, 2);
    } else if (['malformed JSON', 'wrong shape', 'empty body', 'lost response'].includes(fault)) {
      // The server created it but the answer (and its secret) is gone: the list is loaded
      // again, the token shown, and nothing is sent twice.
      const text = await waitForText(dialog, /was created, but the answer carrying its secret was lost/);
      assert.match(text, /delete it and generate a new one/);
      assert.equal(c.state.hits - postsBefore, 1, 'never re-POSTed');
      assert.equal(await dialog.getByLabel('Description').inputValue(), name, 'input kept');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await rowNamed(c.page, name).waitFor();
      assert.equal((await onServer(name)).length, 1, 'exactly one token');
      // It can be deleted from its row, as the message says.
      await c.heal();
      await c.page.getByRole('button', { name: `Actions for ${name}` }).click();
      await c.page.getByRole('menuitem', { name: 'Delete' }).click();
      await c.page.getByRole('alertdialog').getByRole('button', { name: 'Delete token' }).click();
      await c.page.getByRole('alertdialog').waitFor({ state: 'detached' });
      assert.equal((await onServer(name)).length, 0);
      await restUsable(c.page);
      await finish(c);
      return;
    } else {
      const text = await waitForText(dialog, MESSAGES[fault], TIMEOUT_S * 1000 + 10_000);
      if (fault === '401') await assertGetterAsked(c, getterBefore, { again: true });
      if (fault === '403') await assertGetterAsked(c, getterBefore, { again: false });
      if (fault === 'offline') assert.match(text, /Nothing was sent/);
      if (['500', '502', 'stall', 'connection refused'].includes(fault)) {
        // Unsure whether it was created: the list was checked and said no.
        await waitForText(dialog, /not in the list, so it was not created\. Your input is kept/);
      }
      assert.equal(await dialog.getByLabel('Description').inputValue(), name, 'input kept');
      assert.ok(await dialog.getByRole('checkbox', { name: /Viewer/ }).isChecked(), 'roles kept');
      assert.equal((await onServer(name)).length, 0, 'nothing created');
      await c.heal();
      await dialog.getByRole('button', { name: 'Generate token' }).click();
      await secretDialog.waitFor();
    }
    await secretDialog.getByLabel('I have copied it and stored it safely').check();
    await secretDialog.getByRole('button', { name: 'Done' }).click();
    await secretDialog.waitFor({ state: 'detached' });
    const made = await onServer(name);
    assert.equal(made.length, 1, 'exactly one token');
    assert.equal(await rowNamed(c.page, name).count(), 1);
    await restUsable(c.page);
    await finish(c);
    await api('DELETE', `tenants/api-tokens/v1/${made[0].clientId}`);
  });
}

// ---------------------------------------------------------------- delete
for (const fault of ALL) {
  test(`delete × ${fault}`, async () => {
    const name = `delete ${fault} ${suffix()}`;
    const id = await createOnServer(name);
    const path = (p) => p.endsWith(`/tenants/api-tokens/v1/${id}`);
    // A 404 means someone deleted it first: the server really does, then answers 404.
    const c = await cell({ match: { method: 'DELETE', path }, fault });
    await rowNamed(c.page, name).waitFor();
    await c.page.getByRole('button', { name: `Actions for ${name}` }).click();
    await c.page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = c.page.getByRole('alertdialog');
    await c.arm();
    if (fault === '404') await api('DELETE', `tenants/api-tokens/v1/${id}`);
    const getterBefore = await c.getterCalls();
    await confirm.getByRole('button', { name: 'Delete token' }).click();
    const tab = c.page.locator('api-tokens-tab section.att');

    if (fault === '404') {
      await waitForText(tab, /had already been deleted/);
    } else if (fault === '429') {
      await waitForText(confirm, /Trying again in \d s…/);
      await waitForText(tab, /was deleted/);
    } else if (['malformed JSON', 'wrong shape', 'empty body'].includes(fault)) {
      // A delete reads no body: done.
      await waitForText(tab, /was deleted/);
    } else {
      const text = await waitForText(confirm, MESSAGES[fault], TIMEOUT_S * 1000 + 10_000);
      if (fault === '401') await assertGetterAsked(c, getterBefore, { again: true });
      if (fault === '403') await assertGetterAsked(c, getterBefore, { again: false });
      if (['lost response', 'stall', 'connection refused', '500', '502'].includes(fault)) {
        assert.match(text, /may or may not have been deleted: try again/);
      }
      assert.equal(await rowNamed(c.page, name).count(), 1, 'the row stays until it is known gone');
      await c.heal();
      await confirm.getByRole('button', { name: 'Delete token' }).click();
      // After a lost answer the second try finds it gone: said so, not an error.
      await waitForText(tab, fault === 'lost response' ? /had already been deleted/ : /was deleted/);
    }
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await rowNamed(c.page, name).count(), 0);
    assert.equal((await onServer(name)).length, 0, 'gone on the server');
    await restUsable(c.page);
    await finish(c);
  });
}

// ---------------------------------------------------------------- edit
for (const fault of ALL) {
  test(`edit × ${fault}`, async () => {
    const name = `edit ${fault} ${suffix()}`;
    const renamed = `${name} renamed`;
    const id = await createOnServer(name);
    const path = (p) => p.endsWith(`/tenants/api-tokens/v1/${id}`);
    const c = await cell({ match: { method: 'PATCH', path }, fault });
    await rowNamed(c.page, name).waitFor();
    await c.page.getByRole('button', { name: `Actions for ${name}` }).click();
    await c.page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = c.page.getByRole('dialog', { name: /^Edit/ });
    await dialog.getByLabel('Description').fill(renamed);
    await c.arm();
    if (fault === '404') await api('DELETE', `tenants/api-tokens/v1/${id}`);
    const getterBefore = await c.getterCalls();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    const tab = c.page.locator('api-tokens-tab section.att');

    if (fault === '404') {
      // Deleted elsewhere: said so, and the row goes.
      await waitForText(tab, /had already been deleted/);
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await rowNamed(c.page, name).count(), 0);
      await restUsable(c.page);
      await finish(c);
      return;
    }
    if (fault === '429') {
      await waitForText(dialog, /Trying again in \d s…/);
    } else {
      const text = await waitForText(dialog, MESSAGES[fault], TIMEOUT_S * 1000 + 10_000);
      if (fault === '401') await assertGetterAsked(c, getterBefore, { again: true });
      if (fault === '403') await assertGetterAsked(c, getterBefore, { again: false });
      if (['malformed JSON', 'wrong shape', 'empty body', 'lost response'].includes(fault)) {
        assert.match(text, /may or may not have been saved: save again/);
      }
      assert.equal(await dialog.getByLabel('Description').inputValue(), renamed, 'input kept');
      await c.heal();
      await dialog.getByRole('button', { name: 'Save changes' }).click();
    }
    await dialog.waitFor({ state: 'detached' });
    await rowNamed(c.page, renamed).waitFor();
    assert.equal((await onServer(renamed)).length, 1, 'saved once, on the one token');
    assert.equal((await onServer(name)).length, 0);
    await restUsable(c.page);
    await finish(c);
    await api('DELETE', `tenants/api-tokens/v1/${id}`);
  });
}
