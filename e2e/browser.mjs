// Shared by the end-to-end tests: Debian's Chromium driven by playwright-core (never a
// downloaded browser), the server URL from scripts/test, where screenshots go, the client
// credentials exchange, axe's WCAG rules, and moving focus with Tab.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const BASE_URL = process.env.ATT_E2E_URL;
if (!BASE_URL) {
  throw new Error('ATT_E2E_URL is not set: run the e2e tests through scripts/test');
}

// The reference backend's identity API, and the demo users' password (backend/src/seed.rs).
export const API = BASE_URL + '/frontegg/identity/resources';
export const DEMO_PASSWORD = 'acme-demo-password';

// A demo user's JWT, signed in through the API.
export async function jwtOf(email) {
  const resp = await fetch(`${API}/auth/v1/user`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.equal(resp.status, 200, `sign-in of ${email}`);
  return (await resp.json()).accessToken;
}

// Signs `page` in as demo user `email` through the tab's sign-in form, and waits for the list.
export async function signInOn(page, email) {
  await page.goto(BASE_URL + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('table', { name: 'API tokens' }).waitFor();
}

// One call of the identity API as `jwt`: its status and its body (null when empty).
export async function api(jwt, method, path, body) {
  const resp = await fetch(`${API}/${path}`, {
    method,
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const text = await resp.text();
  return { status: resp.status, body: text ? JSON.parse(text) : null };
}

// After its first wave, an admin's tab (our extension `memberTokens`, issue 35) asks for every
// member's personal tokens itself: `calls` (each with its `path`) without those, once those were
// asked for, each exactly once.
export async function withoutMembersLists(calls) {
  const members = (c) => c.path.endsWith('?members=all');
  for (let i = 0; i < 100 && calls.filter(members).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(calls.filter(members).map((c) => c.path).sort(), [
    'users/access-tokens/v1?members=all', 'users/api-tokens/v1?members=all',
  ]);
  return calls.filter((c) => !members(c));
}

// The four token sources' lists.
export const SOURCES = ['tenants/api-tokens/v1', 'tenants/access-tokens/v1', 'users/api-tokens/v1', 'users/access-tokens/v1'];

// Every token the backend lets the holder of `jwt` read, over the four sources (403: not
// readable), as the backend sends them (lastUsedAt, lastUsedIp, createdAt, expires, ...), each
// with the `source` it was listed in.
export async function readable(jwt) {
  const out = [];
  for (const source of SOURCES) {
    const { status, body } = await api(jwt, 'GET', source);
    if (status === 403) continue;
    assert.equal(status, 200, source);
    for (const t of Array.isArray(body) ? body : body.accessTokens) out.push({ ...t, source });
  }
  return out;
}

export const ARTIFACTS = process.env.ATT_E2E_ARTIFACTS ?? 'e2e/artifacts';
mkdirSync(ARTIFACTS, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

// A page as a host's visitor has it: 1280 x 1000, the clipboard allowed for the server's
// origin, the probe installed (installProbe); `errors` collects the page's uncaught errors.
export async function visitorPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

// The vendor page (`/examples/vendor-app/`) served under the strict Content-Security-Policy a
// careful host sets; the page records every violation in `window.__violations`.
export async function strictCspVendorPage(browser) {
  const context = await browser.newContext();
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  await context.route('**/examples/vendor-app/', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
  });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return context.newPage();
}

export function screenshotPath(name) {
  return join(ARTIFACTS, `${name}.png`);
}

// Exchanges client credentials at the backend; answers the JWT (200), or null when refused
// (exactly 401: the backend's one answer for unknown, wrong or deleted credentials). Anything
// else (a 429 from the rate limit, a 500) is not a refusal and throws, naming the status.
export async function exchange(clientId, secret) {
  const resp = await fetch(BASE_URL + '/frontegg/identity/resources/auth/v2/api-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, secret }),
  });
  if (resp.status === 200) {
    const jwt = (await resp.json()).access_token;
    if (typeof jwt !== 'string' || jwt === '') throw new Error('exchange: 200 without an access_token');
    return jwt;
  }
  if (resp.status === 401) return null;
  throw new Error(`exchange: expected 200 or 401 (refused), got ${resp.status} ${await resp.text()}`);
}

// Through whichever tab is on the page: generates account client credentials named `name` with
// the Viewer role; answers the one-time secret dialog, open.
export async function generateViewerCredentials(page, name) {
  await page.getByRole('button', { name: 'Generate token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate client credentials' });
  await dialog.waitFor();
  await dialog.getByLabel('Description').fill(name);
  await dialog.getByRole('checkbox', { name: /Viewer/ }).check();
  await dialog.getByRole('button', { name: 'Generate token' }).click();
  const secretDialog = page.getByRole('dialog', { name: 'Copy your token now' });
  await secretDialog.waitFor();
  return secretDialog;
}

// Through whichever tab is on the page: generates client credentials named `name` (Viewer),
// copies the secret from the one-time dialog, checks it works at the exchange, closes the dialog
// (then `afterDone({ clientId, secret })`, if given, runs), deletes the token and checks it is refused.
// Answers { clientId, secret }.
export async function createCopyUseDelete(page, name, { afterDone } = {}) {
  const secretDialog = await generateViewerCredentials(page, name);
  const clientId = (await secretDialog.locator('dd code').first().textContent()).trim();
  await secretDialog.getByRole('button', { name: 'Copy secret' }).click();
  await secretDialog.getByText('Copied').first().waitFor();
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(secret.length, 43, 'the secret came back from the clipboard');
  assert.ok(await exchange(clientId, secret), 'the copied secret works');
  await secretDialog.getByLabel('I have copied it and stored it safely').check();
  await secretDialog.getByRole('button', { name: 'Done' }).click();
  await secretDialog.waitFor({ state: 'detached' });
  await afterDone?.({ clientId, secret });

  await page.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByRole('button', { name: 'Delete token' }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await exchange(clientId, secret), null, 'refused once deleted');
  return { clientId, secret };
}

// The WCAG 2.2 AA rules of axe-core the suite holds the tab to.
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Runs axe on the page as it is; answers one line per violation, naming `state` and the first
// nodes (empty when there is none).
export async function axeViolations(page, state) {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return result.violations.map(
    (v) => `${state}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('\n    ')}`,
  );
}

// The focused element (looking into shadow roots): its accessible name, whether it sits in an
// open dialog, and whether its focus is drawn.
export const focused = (page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a || a === document.body) return { name: '<body>', inDialog: false, visible: false };
    const label = a.getAttribute('aria-label') ?? (a.labels?.[0]?.textContent) ?? a.textContent;
    const style = getComputedStyle(a);
    const drawn = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return {
      name: (label ?? '').replace(/\s+/g, ' ').trim(),
      role: a.getAttribute('role') ?? a.tagName.toLowerCase(),
      inDialog: !!a.closest('dialog[open]'),
      visible: a.matches(':focus-visible') && drawn,
    };
  });

// How many elements Tab can stop on now (rendered, not disabled, not tabindex=-1), looking
// into open shadow roots; inside an open modal dialog, only its own.
export const tabStops = (page) =>
  page.evaluate(() => {
    const SELECTOR =
      'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), ' +
      'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
    const stops = [];
    let modal = null;
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('dialog[open]')) modal = el;
        if (el.matches(SELECTOR) && el.getClientRects().length > 0) stops.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return modal ? stops.filter((e) => modal.contains(e)).length : stops.length;
  });

// Presses Tab (or Shift+Tab) until the focused element's name matches; checks on the way that
// focus is always visible. A full lap passes every tab stop once (plus the browser's own stop
// at the end of the page), so more presses than that means the target is not reachable.
// Waits (up to 5 s) until the focused element satisfies `check`; answers it. The DOM and
// focus update a frame after a key press.
export async function focusWhere(page, check, what) {
  for (let i = 0; i < 100; i++) {
    const f = await focused(page);
    if (check(f)) return f;
    await page.waitForTimeout(50);
  }
  assert.fail(`focus never reached ${what}; it is on ${JSON.stringify(await focused(page))}`);
}

export async function tabTo(page, pattern, { back = false } = {}) {
  const stops = await tabStops(page);
  const limit = stops + 2;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    assert.ok(f.visible || f.name === '<body>', `focus is visible on ${f.role} "${f.name}"`);
    if (pattern.test(f.name)) return f;
  }
  assert.fail(
    `Tab never reached ${pattern}: ${limit} presses for ${stops} tab stops; focus is on ${JSON.stringify(await focused(page))}`,
  );
}

// For addInitScript, before any page script: counts live listeners (window, document, connected nodes),
// pending timers and fetches in flight, and the tab's mounts and unmounts. A mount adopts the
// tab's stylesheet into the shadow root it renders in, and the handle's unmount() empties
// adoptedStyleSheets there: the setter tells both apart.
export function installProbe() {
  const listeners = new Map();
  const timers = new Set();
  let fetches = 0;
  const tab = { mounts: 0, unmounts: 0 };
  const key = (type, options) =>
    type + '|' + (typeof options === 'boolean' ? options : !!(options && options.capture));
  const addL = EventTarget.prototype.addEventListener;
  const remL = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    if (fn) {
      if (!listeners.has(this)) listeners.set(this, new Map());
      const m = listeners.get(this);
      if (!m.has(key(type, options))) m.set(key(type, options), new Set());
      m.get(key(type, options)).add(fn);
    }
    return addL.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    listeners.get(this)?.get(key(type, options))?.delete(fn);
    return remL.call(this, type, fn, options);
  };
  const st = window.setTimeout;
  const ct = window.clearTimeout;
  window.setTimeout = function (fn, ms, ...args) {
    const id = st.call(window, (...a) => { timers.delete(id); if (typeof fn === 'function') fn(...a); }, ms, ...args);
    timers.add(id);
    return id;
  };
  window.clearTimeout = function (id) { timers.delete(id); return ct.call(window, id); };
  const f = window.fetch;
  window.fetch = function (...args) {
    fetches++;
    return f.apply(window, args).finally(() => { fetches--; });
  };
  const sheets = Object.getOwnPropertyDescriptor(ShadowRoot.prototype, 'adoptedStyleSheets');
  Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', {
    configurable: true,
    get() { return sheets.get.call(this); },
    set(value) {
      if (value.length > 0) tab.mounts++;
      else tab.unmounts++;
      sheets.set.call(this, value);
    },
  });
  window.__probe = () => {
    let live = 0;
    for (const [target, m] of listeners) {
      if (target === window || target === document || (target instanceof Node && target.isConnected)) {
        for (const s of m.values()) live += s.size;
      }
    }
    // Tabs on the page: the element, and any host holding a rendered tab.
    const tabs = [...document.querySelectorAll('*')].filter(
      (el) => el.localName === 'api-tokens-tab' || el.shadowRoot?.querySelector('.att-host, .att'),
    ).length;
    return { listeners: live, timers: timers.size, fetches, elements: document.getElementsByTagName('*').length, tabs, ...tab };
  };
}
