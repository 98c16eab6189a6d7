// Issue 36's budget table over several runs of scripts/bench: each figure's median and range
// (min – max) over the runs' JSON (target/bench-runs/*.json, one per run). The speed figures
// are ratios measured within one run (tab and Leptos floor loaded in turns), so each run's
// ratio is taken first, then the median of those.
//
//   node bench/summary.mjs target/bench-runs/*.json
import { readFileSync } from 'node:fs';
import { quantile } from './lib.mjs';

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: node bench/summary.mjs RUN.json...');
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const spread = (xs, fmt) =>
  `${fmt(quantile(xs, 0.5))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
const x = (v) => `${v.toFixed(2)}x`;
const ms = (v) => `${v.toFixed(0)} ms`;
const kb = (v) => `${(v / 1024).toFixed(1)} KB`;
const of = (get) => runs.map(get);

const ratioRow = (what, key, limit) => {
  const ratios = of((r) => r[key].tab / r[key].leptos);
  return [
    what,
    `${spread(of((r) => r[key].tab), ms)} / ${spread(of((r) => r[key].leptos), ms)} / ${spread(of((r) => r[key].floor), ms)}`,
    spread(ratios, x),
    `≤ ${limit}x`,
    quantile(ratios, 0.5) <= limit ? 'within' : 'over',
  ];
};
const dialogs = Object.keys(runs[0].dialogs.split);
const extra = of((r) => Math.max(...dialogs.map((d) => r.dialogs.split[d] - r.dialogs.unsplit[d])));
const requests = of((r) => r.dialogs.requests);
const rows = [
  ratioRow('50-token load', 'load50', 1.15),
  ratioRow('10,000 tokens, first page', 'load10k', 1.15),
  ratioRow('keystroke main-thread p95', 'keystroke', 1.1),
  ratioRow('slow laptop + poor link, 50 tokens', 'slow', 1.25),
  [
    'wasm compiled before the rows',
    `${spread(of((r) => r.compiled.tab), kb)} / ${spread(of((r) => r.compiled.leptos), kb)} / none`,
    '—',
    '≤ 180 KB',
    quantile(of((r) => r.compiled.tab), 0.5) <= 180 * 1024 ? 'within' : 'over',
  ],
  ['embed first load, brotli', `${spread(of((r) => r.sizes.embed), kb)} / ${kb(runs[0].sizes.leptosFloor)} / ${kb(runs[0].sizes.plainFloor)}`, '—', '≤ 160 KB', runs[0].sizes.embed <= 160 * 1024 ? 'within' : 'over'],
  ['standalone first load, brotli', `${spread(of((r) => r.sizes.standalone), kb)} / ${kb(runs[0].sizes.leptosFloor)} / ${kb(runs[0].sizes.plainFloor)}`, '—', '≤ 175 KB', runs[0].sizes.standalone <= 175 * 1024 ? 'within' : 'over'],
  [
    'first open of each dialog after the idle preload: the worst dialog, split minus unsplit',
    `${spread(extra, ms)} more than today; ${requests.join(', ')} requests for code`,
    '—',
    'no request; within one frame',
    Math.max(...requests) === 0 && quantile(extra, 0.5) <= 16.7 ? 'within' : 'over',
  ],
  ...dialogs.map((d) => [
    `  ${d}: split / unsplit`,
    `${spread(of((r) => r.dialogs.split[d]), ms)} / ${spread(of((r) => r.dialogs.unsplit[d]), ms)}`,
    '—',
    '',
    '',
  ]),
  ['first open of a cold dialog on the slow profile (generate): split / unsplit', `${spread(of((r) => r.coldSlow.split), ms)} / ${spread(of((r) => r.coldSlow.unsplit), ms)}`, '—', 'reported', '—'],
];
console.log(`Medians over ${runs.length} runs (min–max): tab / Leptos floor / plain floor`);
console.log(`Load average (1 min) at each run's start and end: ${runs.map((r) => r.load ? `${r.load.start[0].toFixed(1)}–${r.load.end[0].toFixed(1)}` : '?').join(', ')}\n`);
console.log('| measure | tab / Leptos floor / plain floor | tab / Leptos floor | budget | verdict |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
