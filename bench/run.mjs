// The timing half of scripts/bench (which starts the release backend and passes its URL and
// the directory it serves). Prints a table and writes the "Speed" part of BENCHMARKS.md to
// $ATT_BENCH_OUT. A benchmark, not a test: it measures and reports against the budgets.
//
//   1. seeds the demo tenant Acme to 10,000 account tokens through the API (creates per second)
//   2. the reference backend: GET of the 10,000-token list, p50 / p99 over 200 requests (kept
//      rendered between changes), and the first read after a change
//   3. headless Chromium (Debian's, playwright-core), the standalone app with a config.json
//      holding the user's token:
//      - Globex's owner with 50 tokens: navigation start → 50 rows in the DOM, 10 loads
//        (median, min, max), and the request chain of one load (initiator depth, one API wave)
//      - Acme's admin with 10,000 tokens: navigation start → first page of rows; 50 keystrokes
//        in search → list updated and painted (p50 / p95); JS heap and wasm memory after load
//      - the floors: the same loads by a plain-JavaScript page (bench/floor/), and the
//        keystroke's first frame done by hand on the loaded page (fresh rows, rows rewritten in
//        place): what the browser alone costs here, for reading each budget against
//      - the Leptos floor (bench/leptos-floor/): both loads as an ordinary Leptos app, in turns
//        with the others: what Leptos and wasm alone cost, and so what the tab's own code adds
//      - the dialogs (issue 36: each comes in a chunk of its own): the first open of each after
//        the idle preload, against the same app built unsplit ("today", a second backend on the
//        same database), and a cold dialog on the slow profile
//      - where the start-up goes (issue 36, item 2): the main thread from navigation to the 50
//        rows by kind of work (a trace), and the top functions by self time (a CPU profile of a
//        build with the wasm's names kept), for the tab and the Leptos floor
//   4. the budget table of issue 36, each row for the tab, the Leptos floor and the plain floor,
//      also written as JSON to $ATT_BENCH_JSON (bench/summary.mjs takes medians over runs)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { apiOf, call as callAt, ms, quantile, seedAccountTokens, signIn as signInAt } from './lib.mjs';

const BASE = process.env.ATT_BENCH_URL;
const STATIC = process.env.ATT_BENCH_STATIC; // the directory the backend serves (config.json goes here)
const OUT = process.env.ATT_BENCH_OUT;
// The same standalone app built without the split (what shipped before issue 36), served by a
// second backend on the same database.
const UNSPLIT = process.env.ATT_BENCH_UNSPLIT_URL;
const UNSPLIT_STATIC = process.env.ATT_BENCH_UNSPLIT_STATIC;
// The same split app with its wasm's function names kept (wasm-opt -g), for CPU profiles; and
// the Leptos floor so built, at /leptos-floor-named/ of STATIC.
const PROFILING = process.env.ATT_BENCH_PROFILING_URL;
const PROFILING_STATIC = process.env.ATT_BENCH_PROFILING_STATIC;
// First-load bytes (brotli) scripts/bench measured: { embed, standalone, leptosFloor, plainFloor, ... }.
const SIZES = JSON.parse(process.env.ATT_BENCH_SIZES ?? 'null');
const JSON_OUT = process.env.ATT_BENCH_JSON;
if (!BASE || !STATIC || !OUT || !UNSPLIT || !UNSPLIT_STATIC || !PROFILING || !PROFILING_STATIC || !SIZES || !JSON_OUT) throw new Error('run through scripts/bench');
const API = apiOf(BASE);
const BIG = 10_000;
const SMALL = 50;
// src/components/token_list.rs: rows per page, and rows built in the first frame.
const PAGE = 50;
const FIRST_ROWS = 16;

const signIn = (email) => signInAt(BASE, email);
const call = (jwt, method, path, body) => callAt(BASE, jwt, method, path, body);

// Every token `jwt` can read, over the four sources (403 = not readable).
async function visibleCount(jwt) {
  let n = 0;
  for (const p of ['tenants/api-tokens/v1', 'tenants/access-tokens/v1', 'users/api-tokens/v1', 'users/access-tokens/v1']) {
    const r = await fetch(`${API}/${p}`, { headers: { authorization: `Bearer ${jwt}` } });
    if (r.status === 403) continue;
    const body = await r.json();
    n += (Array.isArray(body) ? body : body.accessTokens).length;
  }
  return n;
}

// Traces TRACED keystrokes on `page` (`press(i)` sends the i-th and waits for its answer) and
// returns each one's main-thread work (below); `who` names the page in an error.
async function tracedKeystrokes(page, who, press) {
  const path = join(STATIC, '..', `${who.replace(/\W+/g, '-')}.trace.json`);
  await browser.startTracing(page, { path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  for (let i = 0; i < TRACED; i++) {
    await press(i);
    await page.waitForTimeout(100);
  }
  await browser.stopTracing();
  const work = keystrokeWork(JSON.parse(readFileSync(path, 'utf8')));
  if (work.length < TRACED - 5) throw new Error(`${who}'s trace shows ${work.length} of ${TRACED} keystrokes`);
  return work;
}

// Per keydown on the page's main thread: the summed length of its top-level tasks, from the
// one that dispatched the keydown through the one that painted next (the frame showing the
// result; the rest of the page is built after it).
function keystrokeWork(trace) {
  const events = trace.traceEvents ?? trace;
  const threads = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain') threads.set(`${e.pid}:${e.tid}`, 0);
  }
  for (const e of events) {
    const t = `${e.pid}:${e.tid}`;
    if (threads.has(t)) threads.set(t, threads.get(t) + 1);
  }
  const main = [...threads].sort((a, b) => b[1] - a[1])[0][0];
  const on = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const tasks = [];
  for (const e of on) {
    if (e.name !== 'RunTask') continue;
    const last = tasks[tasks.length - 1];
    if (!last || e.ts >= last.ts + last.dur) tasks.push(e); // top level only
  }
  const within = (e) => tasks.findIndex((t) => t.ts <= e.ts && e.ts < t.ts + t.dur);
  const keydowns = on.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  const paints = on.filter((e) => e.name === 'Paint');
  const out = [];
  for (const k of keydowns) {
    const paint = paints.find((p) => p.ts > k.ts);
    const [from, to] = [within(k), paint ? within(paint) : -1];
    if (from < 0 || to < from) continue;
    out.push(tasks.slice(from, to + 1).reduce((sum, t) => sum + t.dur, 0) / 1000);
  }
  return out;
}

const results = [];
let startupText = '';
// The machine's load (1, 5, 15 minutes) as the run starts: 2 cores shared with other builds.
const loadAtStart = loadavg();
// Issue 36's budget figures of this run, for the table at the top and $ATT_BENCH_JSON.
const budget = {};
const row = (what, figure, budget, verdict) => results.push({ what, figure, budget, verdict });
const check = (value, limit) => (value <= limit ? 'within' : 'over');
// Speed budgets are ratios to the floor measured in the same run (issue 21): the tab's median
// over the floor's, each from loads taken in turns, so a busy moment slows both alike.
const LOAD_RATIO = 1.3;
// Samples behind the noisiest figures: the 10,000-token loads (each, in turns) and the traced
// keystrokes (the tab's and each floor's), whose p95 is a budget: with 30, it was the second
// worst keystroke, and moved from 22 to 29 ms between runs of the same build.
const BIG_LOADS = 9;
const TRACED = 60;
const ratioRow = (what, tab, floor) => {
  const ratio = tab / floor;
  row(what, `${ms(tab)} / ${ms(floor)} = ${ratio.toFixed(2)}x`, `≤ ${LOAD_RATIO}x the floor`, check(ratio, LOAD_RATIO));
};

// ---- 1. seed ---------------------------------------------------------------------------------
const admin = await signIn('admin@acme.test');
const globex = await signIn('owner@globex.test');
const { created: toCreate, secs: createSecs } = await seedAccountTokens(BASE, admin, BIG);
const perSecond = toCreate / createSecs;
row('backend: creates per second (8 requests in parallel)', `${perSecond.toFixed(0)} /s (${toCreate} in ${createSecs.toFixed(1)} s)`, '—', '—');

// Globex's expiry policy (at most 90 days) refuses a token without an expiry: 30 days.
for (let n = await visibleCount(globex); n < SMALL; n++) {
  await call(globex, 'POST', 'users/access-tokens/v1', { description: `small ${n}`, expiresInMinutes: 30 * 1440 });
}
const smallCount = await visibleCount(globex);

// ---- 2. backend list latency ----------------------------------------------------------------
// A raw HTTP/1.1 client on one keep-alive connection that only counts the bytes: the figure is
// the server's, not the time a client library spends turning 2.5 MB into objects.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const rawGet = (path, jwt) =>
  new Promise((resolve, reject) => {
    const url = new URL(`${API}/${path}`);
    const t0 = performance.now();
    http
      .get({ host: url.hostname, port: url.port, path: url.pathname, agent, headers: { authorization: `Bearer ${jwt}` } }, (res) => {
        let bytes = 0;
        res.on('data', (c) => { bytes += c.length; });
        res.on('end', () => (res.statusCode === 200 ? resolve([performance.now() - t0, bytes]) : reject(new Error(`list: ${res.statusCode}`))));
      })
      .on('error', reject);
  });
const listTimes = [];
let listBytes = 0;
for (let i = 0; i < 210; i++) {
  const [t, bytes] = await rawGet('tenants/api-tokens/v1', admin);
  listBytes = bytes;
  if (i >= 10) listTimes.push(t); // 10 warm-up requests
}
const p99 = quantile(listTimes, 0.99);
row(`backend: GET list of ${BIG} tokens (${(listBytes / 1e6).toFixed(1)} MB), p50 / p99 (200 requests, loopback)`, `${ms(quantile(listTimes, 0.5))} / ${ms(p99)}`, 'p99 ≤ 20 ms', check(p99, 20));
// The list is kept rendered until the tenant's tokens change; the first read after a change
// reads and serialises the rows again.
const someToken = (await call(admin, 'GET', 'tenants/api-tokens/v1'))[0].clientId;
const afterChange = [];
for (let i = 0; i < 20; i++) {
  await call(admin, 'PATCH', `tenants/api-tokens/v1/${someToken}`, { description: `bench token renamed ${i}` });
  afterChange.push((await rawGet('tenants/api-tokens/v1', admin))[0]);
}
agent.destroy();
row(`backend: the same list, first read after a change, p50 / max (20 changes)`, `${ms(quantile(afterChange, 0.5))} / ${ms(Math.max(...afterChange))}`, '—', '—');

// ---- 3. the browser ---------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
});

// Records when `want` rows are first in the DOM, and grabs the wasm memory, before any script.
function probe(want) {
  window.__rowsAt = null;
  const grab = (result) => {
    const inst = result.instance ?? result;
    if (inst?.exports?.memory) window.__wasmMemory = inst.exports.memory;
    return result;
  };
  const is = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = (...a) => is.apply(WebAssembly, a).then(grab);
  const i = WebAssembly.instantiate;
  WebAssembly.instantiate = (...a) => i.apply(WebAssembly, a).then(grab);
  new MutationObserver(() => {
    if (window.__rowsAt === null && document.querySelectorAll('table tbody tr').length >= want) {
      window.__rowsAt = performance.now();
      performance.mark('att-rows');
    }
  }).observe(document, { childList: true, subtree: true });
}

// `trace`: Chromium's tracing options, to trace the load from navigation to the rows.
async function loadAs(jwt, want, cdp, path = '/', trace = null) {
  writeFileSync(join(STATIC, 'config.json'), JSON.stringify({ accessToken: jwt }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe, want);
  const page = await context.newPage();
  const requests = new Map();
  if (cdp) {
    const session = await context.newCDPSession(page);
    await session.send('Network.enable');
    session.on('Network.requestWillBeSent', (e) => {
      const frames = [];
      for (let s = e.initiator.stack; s; s = s.parent) frames.push(...s.callFrames);
      const from = e.initiator.url ?? frames.find((f) => f.url.startsWith('http'))?.url ?? null;
      requests.set(e.requestId, { url: e.request.url, from, start: e.timestamp, end: null });
    });
    session.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) r.end = e.timestamp;
    });
  }
  if (trace) await browser.startTracing(page, trace);
  await page.goto(BASE + path);
  await page.waitForFunction(() => window.__rowsAt !== null, null, { timeout: 60_000 });
  if (trace) await browser.stopTracing();
  const at = await page.evaluate(() => window.__rowsAt);
  return { context, page, at, requests: [...requests.values()] };
}

// The floor: the same first load by hand in plain JavaScript (bench/floor/: no Leptos, no wasm;
// the same request chain, stylesheet, row markup and Intl formatting). What the browser alone
// costs here; the budget is read against it.
async function floorLoad(jwt, path = FLOOR) {
  const { context, at } = await loadAs(jwt, SMALL, false, path);
  await context.close();
  return at;
}
// The Leptos floor (bench/leptos-floor/): the floor's page as an ordinary Leptos app, built like
// the tab's release wasm. No budget: it splits the tab's distance from the floor into what Leptos
// and wasm cost alone and what the tab's own code adds.
const FLOOR = '/floor/index.html';
const LEPTOS_FLOOR = '/leptos-floor/index.html';
const range = (xs) => `${ms(quantile(xs, 0.5))} (${ms(Math.min(...xs))} – ${ms(Math.max(...xs))})`;
const leptosRows = (what, n, tab, floor, leptos) => {
  const [t, f, l] = [tab, floor, leptos].map((xs) => quantile(xs, 0.5));
  row(`Leptos floor: ${what} in an ordinary Leptos app (no budget), median of ${n}; min – max; over the floor`, `${range(leptos)}; ${(l / f).toFixed(2)}x`, '—', '—');
  row(`${what}: the tab's median over the Leptos floor's (what the tab's own code adds)`, `${ms(t)} / ${ms(l)} = ${(t / l).toFixed(2)}x`, '—', '—');
};

// 50 tokens: 10 loads each of the tab, the floor and the Leptos floor, in turns.
const loads = [];
const floorLoads = [];
const leptosLoads = [];
let chain = null;
for (let i = 0; i < 11; i++) {
  const { context, at, requests } = await loadAs(globex, SMALL, i === 1);
  if (i > 0) loads.push(at); // the first load warms the server's caches
  if (i === 1) chain = requests;
  await context.close();
  const floorAt = await floorLoad(globex);
  const leptosAt = await floorLoad(globex, LEPTOS_FLOOR);
  if (i > 0) {
    floorLoads.push(floorAt);
    leptosLoads.push(leptosAt);
  }
}
const median = quantile(loads, 0.5);
const floorMedian = quantile(floorLoads, 0.5);
ratioRow(`${smallCount}-token list rendered, from navigation start: the tab's median over its floor's (10 loads each, in turns)`, median, floorMedian);
row(`${smallCount}-token list rendered, from navigation start (median of 10; min – max)`, range(loads), '—', '—');
row(`floor: the same ${SMALL}-token list in plain JavaScript (no Leptos, no wasm), median of 10; min – max`, range(floorLoads), '—', '—');
leptosRows(`the ${SMALL}-token list`, 10, loads, floorLoads, leptosLoads);
budget.load50 = { tab: median, leptos: quantile(leptosLoads, 0.5), floor: floorMedian };

// The floors must build the tab's rows, or they are the floors of another page: the first row's
// shape (each element's tag and classes, in order; no text) on the three pages.
async function rowShape(path) {
  const { context, page } = await loadAs(globex, SMALL, false, path);
  const shape = await page.evaluate(() => {
    const walk = (e) => `${e.tagName.toLowerCase()}${[...e.classList].sort().map((c) => `.${c}`).join('')}${e.children.length ? `(${[...e.children].map(walk).join(' ')})` : ''}`;
    return [document.querySelector('table'), document.querySelector('table thead tr'), document.querySelector('table tbody tr')].map((e) => (e.tagName === 'TABLE' ? e.className : walk(e))).join(' / ');
  });
  await context.close();
  return shape;
}
{
  const [tabShape, floorShape, leptosShape] = [await rowShape('/'), await rowShape(FLOOR), await rowShape(LEPTOS_FLOOR)];
  const same = tabShape === floorShape && tabShape === leptosShape;
  row("both floors build the tab's row markup (the table's classes, the header row and the first row: tags and classes)", same ? 'the same' : `tab: ${tabShape}<br>floor: ${floorShape}<br>Leptos floor: ${leptosShape}`, 'the same', same ? 'within' : 'over');
}

// What a customer on a slow laptop and a poor connection waits (no budget): CPU 4x slower,
// 1.6 Mbps down, 150 ms round trips (CDP), a cold cache; 3 loads each of the tab and its floor.
// slowRows(url, staticDir): a page on that profile, Globex's token in the config, loaded from
// url with its rows painted.
async function slowRows(url, staticDir) {
  writeFileSync(join(staticDir, 'config.json'), JSON.stringify({ accessToken: globex }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe, SMALL);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  await page.goto(url);
  await page.waitForFunction(() => window.__rowsAt !== null, null, { timeout: 60_000 });
  return { context, page };
}
async function slowLoad(path) {
  const { context, page } = await slowRows(BASE + path, STATIC);
  const at = await page.evaluate(() => window.__rowsAt);
  await context.close();
  return at;
}
{
  const tab = [];
  const floor = [];
  const leptos = [];
  for (let i = 0; i < 3; i++) {
    tab.push(await slowLoad('/'));
    floor.push(await slowLoad(FLOOR));
    leptos.push(await slowLoad(LEPTOS_FLOOR));
  }
  const [t, f, l] = [tab, floor, leptos].map((xs) => quantile(xs, 0.5));
  budget.slow = { tab: t, leptos: l, floor: f };
  row(`slow laptop, poor connection (CPU 4x slower, 1.6 Mbps, 150 ms RTT, cold cache): ${smallCount}-token list, tab / floor (Leptos floor), medians of 3`, `${ms(t)} / ${ms(f)} = ${(t / f).toFixed(2)}x (${ms(l)} = ${(l / f).toFixed(2)}x)`, '—', '—');
}

// As served: what goes over the wire from the server itself (its precompressed files, its cache
// headers), not files compressed here. A cold load of the standalone app, then the same user
// coming back in the same browser (warm cache): only revalidations and the API calls travel.
async function wireLoads(jwt) {
  writeFileSync(join(STATIC, 'config.json'), JSON.stringify({ accessToken: jwt }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe, SMALL);
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  await session.send('Network.enable');
  let seen = new Map();
  let fromCache = new Set();
  session.on('Network.requestServedFromCache', (e) => fromCache.add(e.requestId));
  // The status on the wire: after a 304 the browser reports the cached answer's 200.
  let wire = new Map();
  session.on('Network.responseReceivedExtraInfo', (e) => wire.set(e.requestId, e.statusCode));
  session.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    seen.set(e.requestId, { url: e.response.url, status: e.response.status, enc: h['content-encoding'] ?? 'identity', bytes: 0, cached: e.response.fromDiskCache || e.response.fromMemoryCache });
  });
  session.on('Network.loadingFinished', (e) => {
    const r = seen.get(e.requestId);
    if (r) {
      r.bytes = e.encodedDataLength;
      r.status = wire.get(e.requestId) ?? r.status;
      r.cached ||= fromCache.has(e.requestId) || (r.status === 200 && r.bytes === 0);
    }
  });
  const load = async () => {
    seen = new Map();
    fromCache = new Set();
    wire = new Map();
    await page.goto(BASE + '/');
    await page.waitForFunction(() => window.__rowsAt !== null, null, { timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const all = [...seen.values()];
    const api = all.filter((r) => r.url.includes('/identity/resources/'));
    const assets = all.filter((r) => !api.includes(r));
    const sum = (rs) => rs.reduce((n, r) => n + r.bytes, 0);
    return { all, api, assets, total: sum(all), assetBytes: sum(assets), apiBytes: sum(api) };
  };
  const cold = await load();
  const warm = await load();
  await context.close();
  return { cold, warm };
}
// Bytes of one file as the server sends it to a client that accepts brotli and gzip.
function served(path) {
  return new Promise((resolve, reject) => {
    http.get(BASE + path, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (c) => { bytes += c.length; });
      res.on('end', () => (res.statusCode === 200 ? resolve({ bytes, enc: res.headers['content-encoding'] ?? 'identity' }) : reject(new Error(`${path}: ${res.statusCode}`))));
    }).on('error', reject);
  });
}
{
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const { cold, warm } = await wireLoads(globex);
  const encs = [...new Set(cold.assets.filter((r) => /\.(wasm|js|css|html)$|\/$/.test(r.url)).map((r) => r.enc))].join(', ');
  row(`as served: standalone first load, bytes on the wire with headers (html, js, wasm, css, config.json: ${encs}) + the ${cold.api.length} API calls`, `${kb(cold.assetBytes)} + ${kb(cold.apiBytes)} = ${kb(cold.total)}`, '—', '—');
  const name = (r) => new URL(r.url).pathname.replace(/-[0-9a-f]{16}/, '');
  const refetched = warm.assets.filter((r) => !r.cached && r.status === 200).map((r) => `${name(r)} (${r.bytes} B)`);
  const revalidated = warm.assets.filter((r) => r.status === 304).map(name);
  const cached = warm.assets.filter((r) => r.cached).length;
  row(`as served: the same user coming back (warm cache): ${cached} files from the cache, ${revalidated.length} answered 304 (${revalidated.join(' ')})${refetched.length ? `, sent again: ${refetched.join(' ')}` : ''}`, `${kb(warm.assetBytes)} + ${kb(warm.apiBytes)} API = ${kb(warm.total)}`, '—', '—');
  const embed = await Promise.all(['/embed/element.js', '/embed/api-tokens-tab.js', '/embed/api-tokens-tab_bg.wasm'].map(served));
  row(`as served: embed first load (element.js, module, wasm: ${[...new Set(embed.map((e) => e.enc))].join(', ')}), bodies`, kb(embed.reduce((n, e) => n + e.bytes, 0)), '—', '—');
}


// The wasm code a load runs before its rows: V8 compiles each wasm function the first time it is
// called (lazily, on the main thread), so the bytes of the functions compiled before the rows
// are start-up work that a smaller or colder first load would not pay. Read from a trace of one
// load (each lazy compilation names its function's index) and the sizes of the function bodies
// in the wasm file served.
function functionSizes(file) {
  const b = readFileSync(file);
  let i = 8;
  const leb = () => {
    let r = 0;
    let shift = 0;
    let x;
    do {
      x = b[i++];
      r += (x & 0x7f) * 2 ** shift;
      shift += 7;
    } while (x & 0x80);
    return r;
  };
  const skip = () => {
    const length = leb();
    i += length;
  };
  const limits = () => { const flags = leb(); leb(); if (flags & 1) leb(); };
  let imported = 0;
  const sizes = [];
  while (i < b.length) {
    const id = b[i++];
    const end = leb() + i;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        skip();
        skip();
        const kind = b[i++];
        if (kind === 0) { leb(); imported++; } else if (kind === 1) { i++; limits(); } else if (kind === 2) limits(); else if (kind === 3) i += 2; else { i++; leb(); }
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) {
        const size = leb();
        sizes.push(size);
        i += size;
      }
    }
    i = end;
  }
  return { imported, sizes };
}
async function compiledBeforeRows(path, wasmFile) {
  const tracePath = join(STATIC, '..', 'compile.trace.json');
  const categories = ['v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'blink.user_timing'];
  const { context } = await loadAs(globex, SMALL, false, path, { path: tracePath, categories });
  await context.close();
  const events = JSON.parse(readFileSync(tracePath, 'utf8')).traceEvents;
  const rowsAt = events.find((e) => e.name === 'att-rows')?.ts;
  if (rowsAt === undefined) throw new Error(`${path}: the trace has no mark for the rows`);
  const { imported, sizes } = functionSizes(wasmFile);
  const compiled = new Set(events.filter((e) => e.name === 'wasm.CompileLazy' && e.ts < rowsAt).map((e) => e.args.func_index));
  if (compiled.size === 0) throw new Error(`${path}: the trace shows no lazy compilation`);
  const bytes = [...compiled].reduce((n, f) => n + (sizes[f - imported] ?? 0), 0);
  const all = sizes.reduce((n, s) => n + s, 0);
  return { bytes, text: `${compiled.size} of ${sizes.length} functions, ${(bytes / 1024).toFixed(1)} of ${(all / 1024).toFixed(1)} KB of code` };
}
{
  const tabWasm = readdirSync(STATIC).find((f) => f.endsWith('_bg.wasm'));
  const tab = await compiledBeforeRows('/', join(STATIC, tabWasm));
  const leptos = await compiledBeforeRows(LEPTOS_FLOOR, join(STATIC, 'leptos-floor', 'leptos-floor_bg.wasm'));
  budget.compiled = { tab: tab.bytes, leptos: leptos.bytes, floor: 0 };
  row(`${smallCount}-token load: wasm functions compiled before the rows (V8 compiles each on its first call, on the main thread; one traced load)`, tab.text, '—', '—');
  row(`Leptos floor: the same`, leptos.text, '—', '—');
}

// The chain: depth of each request by initiator (the page = 1).
const depth = new Map();
const depthOf = (r) => {
  if (depth.has(r.url)) return depth.get(r.url);
  const parent = chain.find((p) => p.url === r.from && p !== r);
  const d = parent ? depthOf(parent) + 1 : 1;
  depth.set(r.url, d);
  return d;
};
const apiCalls = chain.filter((r) => r.url.includes('/identity/resources/'));
const maxDepth = Math.max(...chain.map(depthOf));
// All initial calls leave together: how long issuing them took, and when the first answer came.
const firstStart = Math.min(...apiCalls.map((r) => r.start));
const spread = (Math.max(...apiCalls.map((r) => r.start)) - firstStart) * 1000;
const firstAnswer = (Math.min(...apiCalls.map((r) => r.end ?? Infinity)) - firstStart) * 1000;
const chainText = chain
  .map((r) => `${depthOf(r)} ${new URL(r.url).pathname.replace(/-[0-9a-f]{16}/, '')}`)
  .sort()
  .join(', ');
row('request chain depth (html → assets → API), by initiator', `${maxDepth}; ${apiCalls.length} API calls issued within ${spread.toFixed(0)} ms of each other (first answer after ${firstAnswer.toFixed(0)} ms)`, '3, one wave of 8', maxDepth <= 3 && apiCalls.length === 8 ? 'within' : 'over');

// 10,000 tokens.
// One page of the windowed list; BIG_LOADS loads of each in turns (with 5, the floor's median
// moved from 211 to 281 ms between two runs of the same commit), the last kept open for the
// keystrokes.
const bigLoads = [];
const floorBig = [];
const leptosBig = [];
let big = null;
for (let i = 0; i < BIG_LOADS; i++) {
  floorBig.push(await floorLoad(admin));
  leptosBig.push(await floorLoad(admin, LEPTOS_FLOOR));
  if (big) await big.context.close();
  big = await loadAs(admin, PAGE, false);
  bigLoads.push(big.at);
}
const bigMedian = quantile(bigLoads, 0.5);
const floorBigMedian = quantile(floorBig, 0.5);
ratioRow(`${BIG} tokens: first page of rows rendered (${PAGE} rows), from navigation start: the tab's median over its floor's (${BIG_LOADS} loads each, in turns)`, bigMedian, floorBigMedian);
row(`${BIG} tokens: first page of rows rendered, median of ${BIG_LOADS}; min – max`, `${ms(bigMedian)} (${ms(Math.min(...bigLoads))} – ${ms(Math.max(...bigLoads))})`, '—', '—');
row(`floor: ${BIG} tokens, first page of ${PAGE} rows in plain JavaScript, median of ${BIG_LOADS}; min – max`, `${ms(floorBigMedian)} (${ms(Math.min(...floorBig))} – ${ms(Math.max(...floorBig))})`, '—', '—');
leptosRows(`${BIG} tokens, the first page of rows`, BIG_LOADS, bigLoads, floorBig, leptosBig);
budget.load10k = { tab: bigMedian, leptos: quantile(leptosBig, 0.5), floor: floorBigMedian };

const search = big.page.getByRole('searchbox', { name: 'Search tokens' });
await search.click();
// Narrow to the 10,000 bench tokens first (not measured); then each digit narrows to a tenth
// and each Backspace widens again, so every keystroke changes what is shown.
await search.fill('bench token 0');
await big.page.waitForFunction(() => /Showing/.test(document.querySelector('.att-count')?.textContent ?? ''));
// Two figures per keystroke, from keydown to the next frame: the frame that shows the result
// (the count changed, the first screenful of rows built), and the frame after which the whole
// page of rows is built (the table no longer aria-busy). Each keystroke starts from a quiet page.
await big.page.evaluate(() => {
  const count = document.querySelector('.att-count');
  const table = document.querySelector('.att-table');
  window.__lat = [];
  window.__whole = [];
  document.addEventListener('keydown', () => { window.__t0 = window.__t1 = performance.now(); }, true);
  new MutationObserver(() => {
    const t0 = window.__t0;
    if (t0 == null) return;
    window.__t0 = null;
    requestAnimationFrame(() => window.__lat.push(performance.now() - t0));
  }).observe(count, { childList: true, subtree: true, characterData: true });
  const whole = () => {
    const t1 = window.__t1;
    if (t1 == null || table.hasAttribute('aria-busy') || window.__t0 != null) return;
    window.__t1 = null;
    requestAnimationFrame(() => window.__whole.push(performance.now() - t1));
  };
  new MutationObserver(whole).observe(table, { attributes: true, attributeFilter: ['aria-busy'] });
  new MutationObserver(whole).observe(count, { childList: true, subtree: true, characterData: true });
});
// A digit, Backspace, the next digit, ...
for (let i = 0; i < 50; i++) {
  const key = i % 2 === 0 ? String((i / 2) % 10) : 'Backspace';
  const before = await big.page.evaluate(() => window.__whole.length);
  await big.page.keyboard.press(key);
  await big.page
    .waitForFunction((n) => window.__lat.length > n && window.__whole.length > n, before, { timeout: 10_000 })
    .catch(async (e) => {
      const count = await big.page.evaluate(() => document.querySelector('.att-count')?.textContent);
      const value = await search.inputValue();
      throw new Error(`keystroke ${i} (${key}) changed nothing visible: count ${count}, search ${JSON.stringify(value)}: ${e.message}`);
    });
}
const lat = await big.page.evaluate(() => window.__lat);
const p95 = quantile(lat, 0.95);
const whole = await big.page.evaluate(() => window.__whole);
row(`${BIG} tokens: keystroke in search → result shown (count and first ${FIRST_ROWS} rows), next frame, p50 / p95 (50 keystrokes)`, `${ms(quantile(lat, 0.5))} / ${ms(p95)}`, '—', '—');
row(`${BIG} tokens: keystroke in search → whole page of ${PAGE} rows built, next frame, p50 / p95`, `${ms(quantile(whole, 0.5))} / ${ms(quantile(whole, 0.95))}`, '—', '—');

// The figures above wait for the next frame, and a frame comes only at the display's next tick
// (60 Hz here): up to 16.7 ms of that wait is the clock's, not the tab's, so even a keystroke
// that cost nothing would show a p95 near 16 ms. What the tab costs is the main thread's work:
// from the keydown's task through the paint of the frame that shows the result, read from a
// trace (the tracing itself adds some), for TRACED more keystrokes.
// A digit, Backspace, the next digit, ... (from another digit than the untraced ones above).
const tracedKey = (i) => (i % 2 === 0 ? String((i / 2 + 5) % 10) : 'Backspace');
const work = await tracedKeystrokes(big.page, 'the tab', async (i) => {
  await big.page.keyboard.press(tracedKey(i));
  await big.page.waitForFunction(() => !document.querySelector('.att-table')?.hasAttribute('aria-busy'));
});
// Its budget is the fresh-rows floor's p95 (measured below): the verdict is set then.
const keystrokeRow = { what: `${BIG} tokens: keystroke's main-thread work, keydown's task through the paint of its first frame (trace), p50 / p95 (${work.length} keystrokes)`, figure: `${ms(quantile(work, 0.5))} / ${ms(quantile(work, 0.95))}`, budget: 'p95 ≤ the fresh-rows floor\'s p95', verdict: '' };
results.push(keystrokeRow);

const heap = await big.page.evaluate(() => performance.memory.usedJSHeapSize);
const wasm = await big.page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
const mb = (b) => b / 1024 / 1024;
row(`${BIG} tokens: JS heap + wasm memory after load`, `${mb(heap).toFixed(1)} MB + ${mb(wasm).toFixed(1)} MB = ${mb(heap + wasm).toFixed(1)} MB`, '≤ 40 MB', check(mb(heap + wasm), 40));

// The keystroke's floors: the first frame's DOM work done by hand on the same page, with a plain
// keydown listener on an input outside the tab, measured like the keystroke's work above (a
// trace of TRACED keystrokes). Two ways: `rebuild` replaces the first 16 rows with fresh clones of a
// row carrying other text (what the tab does, as new rows); `rewrite` rewrites the text of the
// first 16 rows in place (description, identifier, created, the buttons' names: no element made
// or removed), the cheapest way there is. Both also rewrite the count.
async function floorKeystrokes(mode) {
  await big.page.evaluate(
    ([first, mode]) => {
      const body = document.querySelector('.att-table tbody');
      const count = document.querySelector('.att-count');
      const template = body.querySelector('tr').cloneNode(true);
      const input = document.createElement('input');
      input.setAttribute('aria-label', `floor ${mode}`);
      document.body.append(input);
      let n = 0;
      const fill = (row, n, i) => {
        const text = `floor ${n} row ${i}`;
        const d = row.querySelector('.att-description');
        d.textContent = text;
        d.title = text;
        const code = row.querySelector('code');
        code.textContent = `${n}…${i}`;
        code.title = text;
        row.querySelector('.att-time').firstChild.textContent = `${n} hours ago`;
        row.querySelectorAll('button[aria-label]').forEach((b) => b.setAttribute('aria-label', `${text} ${b.textContent}`));
      };
      input.addEventListener('keydown', () => {
        n += 1;
        const rows = [...body.children].slice(0, first);
        if (mode === 'rewrite') {
          rows.forEach((row, i) => fill(row, n, i));
        } else {
          for (let i = 0; i < first; i++) {
            const row = template.cloneNode(true);
            fill(row, n, i);
            body.insertBefore(row, rows[0] ?? null);
          }
          rows.forEach((r) => r.remove());
        }
        count.textContent = `Showing ${first} of ${n}`;
      });
      input.focus();
    },
    [FIRST_ROWS, mode],
  );
  return tracedKeystrokes(big.page, `the ${mode} floor`, (i) => big.page.keyboard.press(String(i % 10)));
}
for (const [mode, what] of [
  ['rebuild', `${FIRST_ROWS} rows as fresh clones`],
  ['rewrite', `${FIRST_ROWS} rows rewritten in place`],
]) {
  const floorWork = await floorKeystrokes(mode);
  const p95 = quantile(floorWork, 0.95);
  row(`floor: the keystroke's first frame by hand, ${what} (and the count), main-thread work (trace), p50 / p95 (${floorWork.length} keystrokes)`, `${ms(quantile(floorWork, 0.5))} / ${ms(p95)}`, '—', '—');
  if (mode === 'rebuild') {
    budget.keystroke = { tab: quantile(work, 0.95), floor: p95 };
    keystrokeRow.verdict = `${check(quantile(work, 0.95), p95)} (${ms(quantile(work, 0.95))} against ${ms(p95)})`;
  }
}
await big.context.close();

// The Leptos floor's keystroke (no budget): its own page with the 10,000 tokens, a keystroke in
// its search box shows the first 16 matching rows through its keyed <For> and the count, traced
// like the tab's. What Leptos costs for the first frame's work, with a search over the list.
{
  const { context, page } = await loadAs(admin, SMALL, false, LEPTOS_FLOOR);
  const box = page.getByRole('searchbox', { name: 'Search tokens' });
  await box.click();
  await box.fill('bench token 0');
  await page.waitForFunction(() => /Showing/.test(document.querySelector('.att-count')?.textContent ?? ''));
  const leptosWork = await tracedKeystrokes(page, 'the Leptos floor', async (i) => {
    const before = await page.evaluate(() => document.querySelector('.att-count').textContent);
    await page.keyboard.press(tracedKey(i));
    await page.waitForFunction((b) => document.querySelector('.att-count').textContent !== b, before);
  });
  await context.close();
  budget.keystroke.leptos = quantile(leptosWork, 0.95);
  row(`Leptos floor: the keystroke's first frame in an ordinary Leptos app (a search over the ${BIG}, ${FIRST_ROWS} fresh rows through a keyed <For>, the count), main-thread work (trace), p50 / p95 (${leptosWork.length} keystrokes)`, `${ms(quantile(leptosWork, 0.5))} / ${ms(quantile(leptosWork, 0.95))}`, '—', '—');
}

// ---- where the start-up goes (issue 36, item 2) --------------------------------------------------
// The main thread from navigation start to the 50 rows, for the tab and the Leptos floor:
// (a) from traces of STARTUP_LOADS loads each, the self time of every event on the page's main
//     thread, by kind, and the time it was idle (waiting for the network or the compiler);
// (b) from a CPU profile of one load of each's profiling build (the same code, the wasm's
//     function names kept), the functions with the most self time.
const STARTUP_LOADS = 3;
const KINDS = [
  ['wasm compiled on the main thread (a function at its first call: lazy, baseline)', /^(wasm\.(CompileLazy|CompileBaseline|AddCompiledCode|PublishCode)|v8\.wasm\.compileLazy)/],
  ['wasm streamed (bytes arriving, validation)', /^(wasm\.|v8\.wasm)/],
  ['JS parse and compile', /^(v8\.compile|v8\.parseOnBackground|V8\.CompileCode|v8\.produceCache|v8\.compileModule|CompileScript)/],
  ['garbage collection', /GC|Gc/],
  ['style and layout', /^(UpdateLayoutTree|Layout|RecalculateStyles|PrePaint|HitTest|ScheduleStyleRecalculation|IntersectionObserver)/],
  ['paint and composite', /^(Paint|Layerize|Commit|CompositeLayers|UpdateLayer|PaintImage|Decode)/],
  ['HTML and CSS parsing', /^(ParseHTML|ParseAuthorStyleSheet|DecodedDataDocumentParser|HTMLDocumentParser)/],
  ['page set-up (navigation, the script context)', /^(DocumentLoader|LocalWindowProxy|V8\.DeserializeContext|InstallConditionalFeatures|ContextCreatedNotification|PageTimingMetricsSender|CommitNavigation)/],
  // A task's own time outside any named event: mostly promise callbacks (fetch answers, the
  // wasm's futures) running JS and wasm.
  ['script (JS and wasm: evaluation, calls, promise callbacks)', /^(RunTask|FunctionCall|v8\.callFunction|V8\.Execute|EvaluateScript|v8\.evaluateModule|v8\.run|RunMicrotasks|TimerFire|FireAnimationFrame|FireIdleCallback|EventDispatch|XHR|v8\.callModuleMethod|V8\.RunMicrotasks|ThreadControllerImpl::RunTask)/],
];
const kindOf = (name) => KINDS.find(([, re]) => re.test(name))?.[0] ?? 'other';
async function startupBreakdown(path) {
  const tracePath = join(STATIC, '..', 'startup.trace.json');
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'blink.user_timing', 'loading'];
  const { context } = await loadAs(globex, SMALL, false, path, { path: tracePath, categories });
  await context.close();
  const events = JSON.parse(readFileSync(tracePath, 'utf8')).traceEvents;
  const mark = events.find((e) => e.name === 'att-rows');
  if (!mark) throw new Error(`${path}: the trace has no mark for the rows`);
  const nav = events.find((e) => e.name === 'navigationStart' && e.pid === mark.pid) ?? events.find((e) => e.pid === mark.pid && e.name === 'ResourceSendRequest');
  const on = events
    .filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.ts >= nav.ts && e.ts < mark.ts)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const by = new Map();
  const stack = [];
  let busy = 0;
  const close = (e) => by.set(kindOf(e.name), (by.get(kindOf(e.name)) ?? 0) + e.self);
  for (const e of on) {
    while (stack.length && e.ts >= stack[stack.length - 1].ts + stack[stack.length - 1].dur) close(stack.pop());
    e.self = e.dur;
    if (stack.length) stack[stack.length - 1].self -= Math.min(e.dur, stack[stack.length - 1].ts + stack[stack.length - 1].dur - e.ts);
    else busy += Math.min(e.dur, mark.ts - e.ts);
    stack.push(e);
  }
  while (stack.length) close(stack.pop());
  const span = (mark.ts - nav.ts) / 1000;
  const out = Object.fromEntries([...by].map(([k, v]) => [k, Math.max(0, v) / 1000]));
  out['idle (waiting for the network, or compiling off the main thread)'] = span - busy / 1000;
  out.span = span;
  return out;
}
async function topFunctions(base, staticDir, path) {
  writeFileSync(join(staticDir, 'config.json'), JSON.stringify({ accessToken: globex }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe, SMALL);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(base + path);
  await page.waitForFunction(() => window.__rowsAt !== null, null, { timeout: 60_000, polling: 'raf' });
  const { profile } = await cdp.send('Profiler.stop');
  await context.close();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const f = nodes.get(id).callFrame;
    const name = f.functionName || `(anonymous ${f.url.split('/').pop()})`;
    if (/^\((idle|program|root)\)$/.test(name)) return;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const short = (n) => n.replace(/\[[0-9a-f]{16}\]/g, '').replace(/\$/g, '').slice(0, 110);
  return { total, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, t]) => [short(n), t]) };
}
{
  const runs = { tab: [], leptos: [] };
  for (let i = 0; i < STARTUP_LOADS; i++) {
    runs.tab.push(await startupBreakdown('/'));
    runs.leptos.push(await startupBreakdown(LEPTOS_FLOOR));
  }
  const kinds = [...new Set([...runs.tab, ...runs.leptos].flatMap((r) => Object.keys(r)))].filter((k) => k !== 'span');
  const med = (xs, k) => quantile(xs.map((r) => r[k] ?? 0), 0.5);
  budget.startup = { tab: Object.fromEntries(['span', ...kinds].map((k) => [k, med(runs.tab, k)])), leptos: Object.fromEntries(['span', ...kinds].map((k) => [k, med(runs.leptos, k)])) };
  const lines = kinds
    .map((k) => [k, med(runs.tab, k), med(runs.leptos, k)])
    .sort((a, b) => b[1] - a[1])
    .map(([k, t, l]) => `| ${k} | ${ms(t)} | ${ms(l)} | ${t - l >= 0 ? '+' : ''}${ms(t - l)} |`);
  const tabProfile = await topFunctions(PROFILING, PROFILING_STATIC, '/');
  const leptosProfile = await topFunctions(BASE, STATIC, '/leptos-floor-named/index.html');
  const fns = (p) => p.top.map(([n, t]) => `| \`${n.replace(/\|/g, '\\|')}\` | ${ms(t)} |`).join('\n');
  startupText = `### Where the start-up goes (navigation → 50 rows, main thread)

Self time of the page's main-thread events by kind, from traces of ${STARTUP_LOADS} loads each (medians; tracing adds
its own cost, so the span is longer than an untraced load's):

| kind | tab | Leptos floor | tab − floor |
|---|---|---|---|
| navigation → rows (the span) | ${ms(med(runs.tab, 'span'))} | ${ms(med(runs.leptos, 'span'))} | +${ms(med(runs.tab, 'span') - med(runs.leptos, 'span'))} |
${lines.join('\n')}

The functions with the most self time from navigation to the rows, from a CPU profile (100 µs samples) of one load of
each's profiling build (the same code with the wasm's function names kept: wasm-opt -g, identical functions not merged). The tab's
${ms(tabProfile.total)} of samples outside idle:

| function | self |
|---|---|
${fns(tabProfile)}

The Leptos floor's ${ms(leptosProfile.total)}:

| function | self |
|---|---|
${fns(leptosProfile)}
`;
}

// ---- the dialogs (issue 36) ---------------------------------------------------------------------
// Each dialog's code comes in a chunk of its own, fetched when the page is idle after the rows.
// The first open of each after that idle preload, against the same app built unsplit (what
// shipped before: the code is there from the start), from the click to the first frame that
// holds the dialog (its frame of "Loading…" does not count), and the chunks asked for meanwhile.
// On Globex's owner's page (the 50-token list) with an account token of its own inside a grace
// window, so that every row dialog is offered; the secret after a create through the form.
const DIALOG_LOADS = 5;
const ROW = 'bench dialogs';
{
  const viewer = (await call(globex, 'GET', 'roles/v1')).find((r) => r.name === 'Viewer').id;
  const made = await call(globex, 'POST', 'tenants/api-tokens/v2', { description: ROW, roleIds: [viewer], expiresInMinutes: 30 * 1440 });
  await call(globex, 'POST', `tenants/api-tokens/v1/${made.clientId}/rotate`, { graceMinutes: 60 });
}
const CODE = /\/(split_[a-z_]+|chunk_\d+)(-[0-9a-f]{16})?\.wasm$/;
// How each is opened: a button of the page, or an item of the row's menu; the secret by sending
// the generate form. `ready`: what only the dialog itself (not its loading frame) holds.
const DIALOGS = [
  ['generate', { button: 'Generate token' }],
  ['details', { item: 'Details' }],
  ['roll', { item: 'Roll secret…' }],
  ['end window', { item: 'Expire previous secret now' }],
  ['edit', { item: 'Edit' }],
  ['delete', { item: 'Delete' }],
  ['secret', { create: true }],
];
// In the page: clicks `el` and answers the time from the click to the first animation frame in
// which the open dialog is whole (no loading frame), and how many frames that took.
function timedClick(el) {
  return new Promise((resolve) => {
    const whole = () => {
      const d = document.querySelector('dialog[open]');
      return d && !d.querySelector('[role=status][aria-busy="true"]') && d.querySelector('button') && (!el.matches('[type=submit], .att-dialog button') || d.querySelector('code.att-secret'));
    };
    let frames = 0;
    const t0 = performance.now();
    const tick = () => {
      frames++;
      if (whole()) resolve({ ms: performance.now() - t0, frames });
      else requestAnimationFrame(tick);
    };
    el.click();
    requestAnimationFrame(tick);
  });
}
const closeDialog = async (page) => {
  const secret = page.locator('dialog[open] code.att-secret');
  if (await secret.count()) {
    await page.locator('dialog[open]').getByLabel('I have copied it and stored it safely').check();
    await page.locator('dialog[open]').getByRole('button', { name: 'Done' }).click();
  } else {
    await page.keyboard.press('Escape');
  }
  await page.waitForFunction(() => !document.querySelector('dialog[open]'));
};
async function firstOpens(base, staticDir) {
  writeFileSync(join(staticDir, 'config.json'), JSON.stringify({ accessToken: globex }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe, SMALL);
  const page = await context.newPage();
  const code = [];
  page.on('request', (r) => CODE.test(new URL(r.url()).pathname) && code.push(r.url()));
  await page.goto(base + '/');
  await page.waitForFunction(() => window.__rowsAt !== null, null, { timeout: 60_000 });
  // The idle preload: every dialog's own chunk in (none in the unsplit build), then a quiet page.
  await page.waitForFunction(
    (n) => n === 0 || performance.getEntriesByType('resource').filter((e) => /\/split_[a-z_]+(-[0-9a-f]{16})?\.wasm$/.test(e.name) && e.responseEnd > 0).length >= n,
    base === UNSPLIT ? 0 : DIALOGS.length,
    { timeout: 60_000 },
  );
  await page.waitForLoadState('networkidle');
  const preloaded = code.length;
  const out = {};
  for (const [name, how] of DIALOGS) {
    let target;
    if (how.button) target = page.getByRole('button', { name: how.button }).first();
    if (how.item) {
      await page.getByRole('button', { name: `Actions for ${ROW}`, exact: true }).click();
      target = page.getByRole('menuitem', { name: how.item });
    }
    if (how.create) {
      await page.getByRole('button', { name: 'Generate token' }).first().click();
      const form = page.locator('dialog[open]');
      await form.getByLabel('Description').fill(`bench secret ${Date.now()}`);
      const roles = form.getByRole('checkbox', { name: /Viewer/ });
      if (await roles.count()) await roles.check();
      target = form.getByRole('button', { name: 'Generate token' });
    }
    await target.waitFor();
    out[name] = await target.evaluate(timedClick);
    await closeDialog(page);
  }
  await context.close();
  return { opens: out, requests: code.length - preloaded };
}
{
  const split = [];
  const unsplit = [];
  for (let i = 0; i < DIALOG_LOADS; i++) {
    split.push(await firstOpens(BASE, STATIC));
    unsplit.push(await firstOpens(UNSPLIT, UNSPLIT_STATIC));
  }
  const requests = split.reduce((n, r) => n + r.requests, 0);
  budget.dialogs = { requests, split: {}, unsplit: {} };
  const cells = [];
  for (const [name] of DIALOGS) {
    const [s, u] = [split, unsplit].map((runs) => quantile(runs.map((r) => r.opens[name].ms), 0.5));
    const frames = quantile(split.map((r) => r.opens[name].frames), 0.5);
    budget.dialogs.split[name] = s;
    budget.dialogs.unsplit[name] = u;
    cells.push(`${name} ${ms(s)} / ${ms(u)} (${frames} frame${frames === 1 ? '' : 's'})`);
  }
  const worst = Math.max(...DIALOGS.map(([n]) => budget.dialogs.split[n] - budget.dialogs.unsplit[n]));
  row(`the dialogs, first open of each after the idle preload: click → the first frame holding the dialog, split / unsplit ("today"), medians of ${DIALOG_LOADS} loads each, in turns; requests for code meanwhile`, `${cells.join('; ')}; ${requests} requests for code`, 'no request; within one frame (16.7 ms) of today', requests === 0 && worst <= 16.7 ? 'within' : 'over');
}
// A cold dialog on the slow profile: the generate form clicked as soon as the rows are there
// (its chunk not yet in: the idle preload has at best begun), split against unsplit.
async function coldSlowOpen(base, staticDir) {
  const { context, page } = await slowRows(base + '/', staticDir);
  const opened = await page.getByRole('button', { name: 'Generate token' }).first().evaluate(timedClick);
  await context.close();
  return opened.ms;
}
{
  const split = [];
  const unsplit = [];
  for (let i = 0; i < 3; i++) {
    split.push(await coldSlowOpen(BASE, STATIC));
    unsplit.push(await coldSlowOpen(UNSPLIT, UNSPLIT_STATIC));
  }
  const [s, u] = [split, unsplit].map((xs) => quantile(xs, 0.5));
  budget.coldSlow = { split: s, unsplit: u };
  row('slow laptop, poor connection: a cold dialog (the generate form clicked as the rows appear, its chunk not yet in), click → the form whole, split / unsplit, medians of 3', `${range(split)} / ${range(unsplit)}`, 'reported', '—');
}
writeFileSync(join(UNSPLIT_STATIC, 'config.json'), '{}');
await browser.close();
writeFileSync(join(STATIC, 'config.json'), '{}');

// ---- report ------------------------------------------------------------------------------------
// Issue 36's budgets, each for the tab, the Leptos floor and the plain floor of this run.
const kib = (b) => `${(b / 1024).toFixed(1)} KB`;
const x = (a, b) => `${(a / b).toFixed(2)}x`;
const ratio = (m, limit) => {
  const r = m.tab / m.leptos;
  return [`${ms(m.tab)} / ${ms(m.leptos)} / ${ms(m.floor)}`, x(m.tab, m.leptos), `≤ ${limit}x`, check(r, limit)];
};
const budgets = [
  ['50-token load, navigation → rows (medians)', ...ratio(budget.load50, 1.15)],
  [`${BIG} tokens, first page (medians)`, ...ratio(budget.load10k, 1.15)],
  ['keystroke main-thread work, p95', ...ratio(budget.keystroke, 1.1)],
  ['slow laptop + poor link, 50 tokens (medians of 3)', ...ratio(budget.slow, 1.25)],
  ['wasm compiled before the rows', `${kib(budget.compiled.tab)} / ${kib(budget.compiled.leptos)} / none (no wasm)`, '—', '≤ 180 KB', check(budget.compiled.tab, 180 * 1024)],
  ['embed first load, brotli (element.js, module, wasm; chunks after)', `${kib(SIZES.embed)} / ${kib(SIZES.leptosFloor)} / ${kib(SIZES.plainFloor)}`, '—', '≤ 160 KB', check(SIZES.embed, 160 * 1024)],
  ['standalone first load, brotli (html, js, wasm, css; chunks after)', `${kib(SIZES.standalone)} / ${kib(SIZES.leptosFloor)} / ${kib(SIZES.plainFloor)}`, '—', '≤ 175 KB', check(SIZES.standalone, 175 * 1024)],
  ['first open of each dialog after the idle preload (worst of the seven, split − unsplit)', `${ms(Math.max(...DIALOGS.map(([n]) => budget.dialogs.split[n] - budget.dialogs.unsplit[n])))} more than today; ${budget.dialogs.requests} requests / no dialogs / no dialogs`, '—', 'no request; within one frame', results.find((r) => r.what.startsWith('the dialogs, first open')).verdict],
  ['first open of a cold dialog on the slow profile (generate)', `${ms(budget.coldSlow.split)} (unsplit ${ms(budget.coldSlow.unsplit)}) / no dialogs / no dialogs`, '—', 'reported', '—'],
];
const budgetTable = [
  '| measure | tab / Leptos floor / plain floor | tab / Leptos floor | budget | verdict |',
  '|---|---|---|---|---|',
  ...budgets.map((b) => `| ${b.join(' | ')} |`),
].join('\n');
const table = [
  '| measure | figure | budget | verdict |',
  '|---|---|---|---|',
  ...results.map((r) => `| ${r.what} | ${r.figure} | ${r.budget} | ${r.verdict} |`),
].join('\n');
console.log(budgetTable);
console.log(table);
writeFileSync(JSON_OUT, JSON.stringify({ ...budget, sizes: SIZES, load: { start: loadAtStart, end: loadavg() } }, null, 1));
writeFileSync(OUT, `### Issue 36's budgets (this run)\n\n${budgetTable}\n\n### Every figure\n\n${table}\n\nRequests of one 50-token load, by initiator depth: ${chainText}.\n\n${startupText}`);
