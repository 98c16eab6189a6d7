// The benchmark's floor (bench/run.mjs): the tab's first load done by hand in plain JavaScript,
// no Leptos, no wasm. Same request chain (html → this module + the preloaded config.json → the
// same eight API calls in one wave), the same stylesheet, the same row markup, the same Intl
// date formatting. What the browser alone costs on this machine; the app cannot be faster.
const API = '/frontegg/identity/resources/';
const { accessToken } = await (await fetch('/config.json')).json();
const get = (path) =>
  fetch(API + path, { headers: { authorization: `Bearer ${accessToken}` } }).then((r) => (r.ok ? r.json() : null));
const SOURCES = [
  ['tenants/api-tokens/v1', 'Account', 'Client credentials', 'clientId'],
  ['tenants/access-tokens/v1', 'Account', 'Access token', 'id'],
  ['users/api-tokens/v1', 'Personal', 'Client credentials', 'clientId'],
  ['users/access-tokens/v1', 'Personal', 'Access token', 'id'],
];
const wave = Promise.all([
  get('configurations/v1/public'),
  get('roles/v1'),
  get('users/v2/me'),
  get('users/v1/me/authorization'),
  ...SOURCES.map(([path]) => get(path)),
]);
// The first Intl formatters cost the browser tens of milliseconds: built while the wave is out.
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
relative.format(-1, 'hour');
absolute.format(Date.now());
const [settings, , , , ...lists] = await wave;
// Our extension: with last use recorded, the tab shows its column (and the wider table).
const lastUsed = settings?.tokenLifecycle?.lastUsed === true;

const rows = lists.flatMap((body, i) => {
  const [, owner, kind, idField] = SOURCES[i];
  const list = Array.isArray(body) ? body : body?.accessTokens ?? [];
  return list.map((t) => ({
    owner, kind, id: t[idField], description: t.description ?? '', createdAt: Date.parse(t.createdAt),
    lastUsedAt: t.lastUsedAt ? Date.parse(t.lastUsedAt) : null, expiresAt: t.expires ? Date.parse(t.expires) : null,
  }));
});
rows.sort((a, b) => b.createdAt - a.createdAt);

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
};
const tbody = el('tbody');
const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });
for (const [i, r] of rows.slice(0, 50).entries()) {
  const minutes = Math.round((r.createdAt - Date.now()) / 60_000);
  const ago = relative.format(minutes, 'minute');
  const at = absolute.format(r.createdAt);
  const idName = r.kind === 'Access token' ? 'token ID' : 'client ID';
  tbody.append(
    el('tr', {},
      el('td', { class: 'att-col-description' }, el('span', { class: 'att-description', title: r.description }, r.description)),
      el('td', { class: 'att-col-id' },
        el('code', { class: 'att-mono', title: r.id }, `${r.id.slice(0, 8)}…${r.id.slice(-4)}`),
        el('button', { class: 'att-button att-button-small att-copy', type: 'button', 'aria-label': `Copy ${idName} of ${r.description}` }, 'Copy'),
        el('span', { class: 'att-visually-hidden', role: 'status' })),
      el('td', {}, r.owner),
      el('td', {}, r.kind),
      el('td', { class: 'att-col-roles' }, 'Viewer'),
      el('td', {}, el('span', { class: 'att-time', tabindex: '0', 'aria-label': `${ago}, ${at}` }, ago, el('span', { class: 'att-tooltip', 'aria-hidden': 'true' }, at))),
      el('td', {}, 'You'),
      ...(lastUsed ? [el('td', { class: 'att-col-last-used' }, r.lastUsedAt ? el('span', { class: 'att-time' }, day.format(r.lastUsedAt)) : el('span', { class: 'att-placeholder' }, 'Never used'))] : []),
      el('td', { class: 'att-col-expires' }, r.expiresAt ? el('span', { class: 'att-expiry', title: absolute.format(r.expiresAt) }, day.format(r.expiresAt)) : el('span', { class: 'att-expiry' }, 'Never')),
      el('td', { class: 'att-col-actions' },
        el('div', { class: 'att-menu' }, el('button', { class: 'att-icon-button', type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': `att-menu-${i}`, 'aria-label': `Actions for ${r.description}`, 'data-att-row': r.id }, '⋯')))));
}
const titles = ['Description', 'Identifier', 'Owner', 'Type', 'Roles', 'Created', 'Created by', ...(lastUsed ? ['Last used'] : []), 'Expires'];
const head = el('tr', {}, ...titles.map((h) => el('th', { scope: 'col' }, h)), el('th', { scope: 'col' }, el('span', { class: 'att-visually-hidden' }, 'Actions')));
document.body.append(
  el('section', { class: 'att' },
    el('h2', {}, 'API Tokens'),
    el('div', { class: 'att-table-wrap' }, el('table', { class: lastUsed ? 'att-table att-table-wide' : 'att-table' }, el('thead', {}, head), tbody))));
