// The backend half of scripts/bench on both engines (issue 23): the same release backend on a
// fresh SQLite file and on a fresh PostgreSQL database (a throwaway cluster on loopback), each
// with a second instance on the same database. Prints a markdown table, one column per engine.
// A benchmark, not a test.
//
//   1. creates per second: Acme's account tokens to 10,000 through the API, 8 in parallel
//   2. GET of the 10,000-token list, p50 / p99 over 200 requests on one keep-alive connection
//      (kept rendered between changes: each request reads the tenant's version, one row)
//   3. the same list's first read after a change, p50 / max over 20 changes (the rows read
//      and serialised again: what every read would cost with no list cache)
//   4. with a second instance (ATT_BENCH_*_URL2): the change made through one instance, the
//      read through the other, whose kept list the version check turns away (and the row it
//      lists then is checked to be the changed one)
//   5. the client-credentials exchange, p50 / p99 over 2,000 (one at a time, after 100 warm-up),
//      which counts each use (issue 34); and on SQLite the same against an instance started
//      with --no-usage (ATT_BENCH_NO_USAGE_URL, a database of its own), whose ratio says what
//      counting costs (the issue allows 10 %)
//
//   ATT_BENCH_SQLITE_URL=http://… [ATT_BENCH_SQLITE_URL2=http://…] \
//   ATT_BENCH_POSTGRES_URL=http://… [ATT_BENCH_POSTGRES_URL2=http://…] \
//   [ATT_BENCH_NO_USAGE_URL=http://…] node bench/backend.mjs
import http from 'node:http';
import { apiOf, call as callAs, ms, quantile, seedAccountTokens, signIn } from './lib.mjs';

// [name, an instance, a second instance on the same database (optional)]
const ENGINES = [
  ['SQLite', process.env.ATT_BENCH_SQLITE_URL, process.env.ATT_BENCH_SQLITE_URL2],
  ['PostgreSQL', process.env.ATT_BENCH_POSTGRES_URL, process.env.ATT_BENCH_POSTGRES_URL2],
];
if (ENGINES.some(([, url]) => !url)) throw new Error('run through scripts/bench');
const BIG = 10_000;
const EXCHANGES = 2_000;

// The exchange's times at `base`: a Viewer client made for it, exchanged EXCHANGES times one at a
// time (after 100 warm-up), each checked to answer 200.
async function exchangeTimes(base) {
  const admin = await signIn(base, 'admin@acme.test');
  const viewer = (await callAs(base, admin, 'GET', 'roles/v1')).find((r) => r.name === 'Viewer').id;
  const made = await callAs(base, admin, 'POST', 'tenants/api-tokens/v2', { description: 'bench exchange', roleIds: [viewer] });
  const body = JSON.stringify({ clientId: made.clientId, secret: made.secret });
  const url = `${apiOf(base)}/auth/v2/api-token`;
  const times = [];
  for (let i = 0; i < EXCHANGES + 100; i++) {
    const t0 = performance.now();
    const resp = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await resp.arrayBuffer();
    if (resp.status !== 200) throw new Error(`exchange: ${resp.status}`);
    if (i >= 100) times.push(performance.now() - t0);
  }
  return times;
}
const p50p99 = (times) => `${ms(quantile(times, 0.5))} / ${ms(quantile(times, 0.99))}`;

async function measure(base, second) {
  const call = (jwt, method, path, body, at = base) => callAs(at, jwt, method, path, body);
  const admin = await signIn(base, 'admin@acme.test');

  const out = {};
  const { created, secs } = await seedAccountTokens(base, admin, BIG);
  out.creates = `${(created / secs).toFixed(0)} /s (${created} in ${secs.toFixed(1)} s)`;

  // A raw HTTP/1.1 client on one keep-alive connection per instance that only counts bytes.
  const agents = new Map();
  const rawGet = (at) =>
    new Promise((resolve, reject) => {
      if (!agents.has(at)) agents.set(at, new http.Agent({ keepAlive: true, maxSockets: 1 }));
      const url = new URL(`${apiOf(at)}/tenants/api-tokens/v1`);
      const t0 = performance.now();
      http
        .get({ host: url.hostname, port: url.port, path: url.pathname, agent: agents.get(at), headers: { authorization: `Bearer ${admin}` } }, (res) => {
          let bytes = 0;
          res.on('data', (c) => { bytes += c.length; });
          res.on('end', () => (res.statusCode === 200 ? resolve([performance.now() - t0, bytes]) : reject(new Error(`list: ${res.statusCode}`))));
        })
        .on('error', reject);
    });
  const times = [];
  for (let i = 0; i < 210; i++) {
    const [t, bytes] = await rawGet(base);
    out.bytes = bytes;
    if (i >= 10) times.push(t); // 10 warm-up requests
  }
  out.list = `${ms(quantile(times, 0.5))} / ${ms(quantile(times, 0.99))}`;
  const some = (await call(admin, 'GET', 'tenants/api-tokens/v1'))[0].clientId;
  const after = [];
  for (let i = 0; i < 20; i++) {
    await call(admin, 'PATCH', `tenants/api-tokens/v1/${some}`, { description: `bench token renamed ${i}` });
    after.push((await rawGet(base))[0]);
  }
  out.afterChange = `${ms(quantile(after, 0.5))} / ${ms(Math.max(...after))}`;
  if (second) {
    await rawGet(second); // its list kept
    const other = [];
    for (let i = 0; i < 20; i++) {
      await call(admin, 'PATCH', `tenants/api-tokens/v1/${some}`, { description: `bench token renamed again ${i}` });
      const [t] = await rawGet(second);
      other.push(t);
      // The second instance lists the rename it did not make.
      const listed = (await call(admin, 'GET', 'tenants/api-tokens/v1', undefined, second)).find((x) => x.clientId === some);
      if (listed.description !== `bench token renamed again ${i}`) throw new Error('the second instance listed a stale row');
    }
    out.otherInstance = `${ms(quantile(other, 0.5))} / ${ms(Math.max(...other))}`;
  }
  for (const a of agents.values()) a.destroy();
  out.exchangeTimes = await exchangeTimes(base);
  out.exchange = p50p99(out.exchangeTimes);
  return out;
}

const figures = [];
for (const [, url, second] of ENGINES) {
  figures.push(await measure(url, second));
}
// Usage counting off, on SQLite: the exchange beside the same engine's with counting on.
const noUsage = process.env.ATT_BENCH_NO_USAGE_URL;
if (noUsage) {
  const off = await exchangeTimes(noUsage);
  const on = figures[0].exchangeTimes;
  const ratio = (q) => `${((quantile(on, q) / quantile(off, q) - 1) * 100).toFixed(0)} %`;
  figures[0].exchangeOff = `${p50p99(off)} (counting adds ${ratio(0.5)} / ${ratio(0.99)})`;
}
const rows = [
  ['creates per second (8 requests in parallel)', 'creates'],
  [`GET list of ${BIG} tokens (${(figures[0].bytes / 1e6).toFixed(1)} MB), p50 / p99 (200 requests, loopback)`, 'list'],
  ['the same list, first read after a change (no kept rendering), p50 / max (20 changes)', 'afterChange'],
  ['the same list read through a second instance after a change made through the first, p50 / max (20 changes)', 'otherInstance'],
  [`client-credentials exchange, use counted, p50 / p99 (${EXCHANGES}, one at a time)`, 'exchange'],
  ['the same exchange with use not counted (--no-usage), p50 / p99', 'exchangeOff'],
];
console.log(
  [
    `| backend | ${ENGINES.map(([n]) => n).join(' | ')} |`,
    `|---|${ENGINES.map(() => '---').join('|')}|`,
    ...rows.map(([what, key]) => `| ${what} | ${figures.map((f) => f[key] ?? '—').join(' | ')} |`),
  ].join('\n'),
);
