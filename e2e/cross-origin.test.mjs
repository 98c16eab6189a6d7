// The deployment a vendor normally has (issue 32): its portal, and the tab's files, on one
// origin; the token backend on another, started with `--allow-origin` naming the portal. Every
// call the tab makes there carries Authorization (and the sign-in a JSON body), so the browser
// asks first (a CORS preflight); the backend must answer it naming those headers (the Fetch
// standard does not let `Access-Control-Allow-Headers: *` cover Authorization). In Chromium:
// sign-in, list, create, roll and delete work from the allowed origin, and a page on an origin
// that is not allowed gets nothing.
//
// The portal is a page served here by node (the reference server's own pages carry a CSP with
// `connect-src 'self'`, which a vendor's page would not) together with the built embed from
// dist/; the backend is a second process of the release build, on a demo database of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { DEMO_PASSWORD, launch } from './browser.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');
const BACKEND = process.env.ATT_BACKEND_BIN ?? join(ROOT, 'target/release/api-tokens-backend');
const RESOURCES = '/frontegg/identity/resources';

// The vendor's page: signs in at the backend on the other origin and mounts the element there.
const PORTAL = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vendor portal</title>
<script type="module">
  import '/embed/element.js';
  const api = new URL(location.href).searchParams.get('api');
  window.signIn = async (email, password) => {
    const resp = await fetch(api + '${RESOURCES}/auth/v1/user', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!resp.ok) throw new Error('sign-in: HTTP ' + resp.status);
    return (await resp.json()).accessToken;
  };
  window.listTokens = async (jwt) =>
    (await fetch(api + '${RESOURCES}/tenants/api-tokens/v1', { headers: { authorization: 'Bearer ' + jwt } })).json();
  window.mount = (jwt) => {
    const tab = document.createElement('api-tokens-tab');
    tab.setAttribute('base-url', api);
    tab.getAccessToken = async () => jwt;
    document.body.append(tab);
  };
</script></head><body><h1>Vendor portal</h1></body></html>`;

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

// A static site on 127.0.0.1: the portal at /portal.html, dist/ for everything else.
function site() {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/portal.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PORTAL);
      return;
    }
    const file = normalize(join(DIST, path));
    try {
      if (!file.startsWith(DIST + '/')) throw new Error('outside dist');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const originOf = (server) => `http://127.0.0.1:${server.address().port}`;

let browser;
let portal;
let elsewhere;
let backend;
let dbDir;
let API_ORIGIN;

// Starts the release backend allowing `origin`; resolves to its URL once it says it listens.
function startBackend(origin) {
  dbDir = mkdtempSync(join(tmpdir(), 'att-cross-origin-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ATT_')));
  backend = spawn(
    BACKEND,
    ['--listen', '127.0.0.1:0', '--db', join(dbDir, 'db.sqlite'), '--allow-origin', origin],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  backend.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the backend did not start within 30 s:\n${out}`)), 30_000);
    backend.stdout.on('data', (d) => {
      out += d;
      const m = /api-tokens-backend listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    backend.on('exit', (code) => reject(new Error(`the backend exited (${code}):\n${out}`)));
  });
}

before(async () => {
  browser = await launch();
  portal = await site();
  elsewhere = await site();
  API_ORIGIN = await startBackend(originOf(portal));
});
after(async () => {
  await browser?.close();
  backend?.kill();
  portal?.close();
  elsewhere?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

// The backend's identity API from node (no browser, no CORS): status and body.
async function api(jwt, method, path, body) {
  const resp = await fetch(`${API_ORIGIN}${RESOURCES}/${path}`, {
    method,
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const text = await resp.text();
  return { status: resp.status, body: text ? JSON.parse(text) : null };
}
async function exchange(clientId, secret) {
  const resp = await fetch(`${API_ORIGIN}${RESOURCES}/auth/v2/api-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, secret }),
  });
  return resp.status;
}
async function jwtOf(email) {
  const resp = await fetch(`${API_ORIGIN}${RESOURCES}/auth/v1/user`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.equal(resp.status, 200);
  return (await resp.json()).accessToken;
}

async function openPortal(site) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${originOf(site)}/portal.html?api=${encodeURIComponent(API_ORIGIN)}`);
  await page.waitForFunction(() => typeof window.mount === 'function');
  return { page, errors };
}

test('the backend answers the preflight of the allowed origin only, naming Authorization', async () => {
  const preflight = async (origin) => {
    const resp = await fetch(`${API_ORIGIN}${RESOURCES}/tenants/api-tokens/v1`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    return {
      origin: resp.headers.get('access-control-allow-origin'),
      headers: (resp.headers.get('access-control-allow-headers') ?? '').toLowerCase(),
    };
  };
  const allowed = await preflight(originOf(portal));
  assert.equal(allowed.origin, originOf(portal));
  assert.ok(allowed.headers.split(',').map((h) => h.trim()).includes('authorization'), allowed.headers);
  assert.equal((await preflight(originOf(elsewhere))).origin, null);
});

test('from the allowed origin: sign-in, list, create, roll and delete through the preflight', async () => {
  const { page, errors } = await openPortal(portal);
  const admin = await jwtOf('admin@acme.test');
  // Sign-in: a cross-origin POST with a JSON body.
  const jwt = await page.evaluate((password) => window.signIn('admin@acme.test', password), DEMO_PASSWORD);
  assert.ok(jwt.split('.').length === 3, 'a JWT');
  await page.evaluate((token) => window.mount(token), jwt);

  // List: the demo tokens, through calls carrying Authorization.
  const table = page.getByRole('table', { name: 'API tokens' });
  await table.waitFor();
  await table.getByText('CI deploy pipeline').first().waitFor();

  // Create.
  const name = `cross-origin ${Date.now()}`;
  await page.getByRole('button', { name: 'Generate token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate client credentials' });
  await dialog.waitFor();
  await dialog.getByLabel('Description').fill(name);
  await dialog.getByRole('checkbox', { name: /Viewer/ }).check();
  const created = page.waitForResponse((r) => r.url().endsWith('/tenants/api-tokens/v2') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: 'Generate token' }).click();
  const made = await (await created).json();
  assert.equal(made.description, name);
  const secretDialog = page.getByRole('dialog', { name: 'Copy your token now' });
  await secretDialog.waitFor();
  assert.equal((await secretDialog.locator('dd code').first().textContent()).trim(), made.clientId);
  await secretDialog.getByLabel('I have copied it and stored it safely').check();
  await secretDialog.getByRole('button', { name: 'Done' }).click();
  await secretDialog.waitFor({ state: 'detached' });
  assert.equal(await exchange(made.clientId, made.secret), 200, 'the new secret works');
  const row = table.locator('tbody tr').filter({ hasText: name });
  await row.waitFor();

  // Roll, with no grace: the old secret stops, the new one works.
  await page.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
  await page.getByRole('menuitem', { name: 'Roll secret…' }).click();
  const roll = page.getByRole('dialog', { name: `Roll the secret of “${name}”?` });
  await roll.waitFor();
  await roll.getByRole('radio', { name: 'No longer: it stops now' }).check();
  const rotated = page.waitForResponse((r) => r.url().endsWith(`/tenants/api-tokens/v1/${made.clientId}/rotate`));
  await roll.getByRole('button', { name: 'Roll secret', exact: true }).click();
  const rolledResp = await rotated;
  assert.equal(rolledResp.status(), 200);
  const rolled = await rolledResp.json();
  const shown = page.getByRole('dialog', { name: 'Copy your token now' });
  await shown.waitFor();
  await shown.getByLabel('I have copied it and stored it safely').check();
  await shown.getByRole('button', { name: 'Done' }).click();
  await shown.waitFor({ state: 'detached' });
  assert.equal(await exchange(made.clientId, made.secret), 401, 'the old secret is refused after the roll');
  assert.equal(await exchange(made.clientId, rolled.secret), 200, 'the new secret works');

  // Delete.
  await page.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByRole('button', { name: 'Delete token' }).click();
  await confirm.waitFor({ state: 'detached' });
  await row.waitFor({ state: 'detached' });
  const listed = await api(admin, 'GET', 'tenants/api-tokens/v1');
  assert.ok(!listed.body.some((t) => t.clientId === made.clientId), 'gone from the backend');
  assert.equal(await exchange(made.clientId, rolled.secret), 401, 'refused once deleted');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a page on an origin that is not allowed gets nothing', async () => {
  const { page } = await openPortal(elsewhere);
  // Its sign-in never reaches the page: the browser blocks it (a network error, no status).
  const signIn = await page.evaluate((password) =>
    window.signIn('admin@acme.test', password).then(
      () => 'signed in',
      (e) => `${e.name}: ${e.message}`,
    ), DEMO_PASSWORD);
  assert.match(signIn, /^TypeError/);
  // Even with a valid JWT (obtained elsewhere) it reads no token, and the tab lists none.
  const jwt = await jwtOf('admin@acme.test');
  const read = await page.evaluate((token) =>
    window.listTokens(token).then(
      (list) => `read ${list.length} tokens`,
      (e) => `${e.name}: ${e.message}`,
    ), jwt);
  assert.match(read, /^TypeError/);
  await page.evaluate((token) => window.mount(token), jwt);
  const alert = page.locator('api-tokens-tab [role=alert]').first();
  await alert.waitFor({ timeout: 30_000 });
  assert.match(await alert.textContent(), /Could not reach the token service/);
  assert.equal(await page.getByRole('table', { name: 'API tokens' }).locator('tbody tr').count(), 0);
  assert.equal(await page.getByText('CI deploy pipeline').count(), 0);
  await page.context().close();
});
