// Starts the standalone app. Trunk's own loader (scripts/dev) is an inline <script>, which the
// strict Content-Security-Policy the backend sends forbids; Trunk.toml's pattern_script points
// here instead, with the hashed file names in data attributes, and the release build
// (build/dist) writes the same tag.
//
// It also starts the tab's first wave of API calls while the wasm downloads and compiles: it
// reads config.json (preloaded by index.html) and, when that holds a user's token, fetches the
// GETs of the first load with the very headers the tab would send. The tab takes each response
// only if its own request is exactly that one (src/api/prefetch.rs); otherwise it asks itself.
const WAVE = [
  "users/v1/me/authorization",
  "users/v2/me",
  "roles/v1",
  "configurations/v1/public",
  "tenants/api-tokens/v1",
  "tenants/access-tokens/v1",
  "users/api-tokens/v1",
  "users/access-tokens/v1",
];
const wave = new Map();
globalThis.__apiTokensTabWave = wave;
// Where the tab fetches the catalogs it does not carry (src/api/catalogs.rs): beside this file.
const LOCALES = ["de", "ar", "fr", "ja"];
const catalogs = LOCALES.map((code) => [code, new URL(`locales/${code}.json`, import.meta.url).href]);
globalThis.__apiTokensTabLocales = Object.fromEntries(catalogs);
const key = (url, authorization = "", tenant = "") => `${url}\n${authorization}\n${tenant}`;
const config = fetch("config.json");
wave.set(key("config.json"), config);
const text = (v) => (typeof v === "string" && v.trim() !== "" ? v : undefined);
wave.set(
  "ready",
  config
    .then((r) => (r.ok ? r.clone().json() : null))
    .then((c) => {
      // The catalog the tab will speak, with the first wave: the configured locale's language,
      // else the browser's first language the tab speaks (English is built in).
      const code = [c?.locale, ...navigator.languages]
        .map((tag) => (typeof tag === "string" ? tag.trim().split(/[-_]/)[0].toLowerCase() : ""))
        .find((lang) => lang === "en" || LOCALES.includes(lang));
      const url = globalThis.__apiTokensTabLocales[code];
      if (url) {
        const catalog = fetch(url);
        catalog.catch(() => {}); // the tab asks itself, and reports, when this one failed
        wave.set(key(url), catalog);
      }
      const token = text(c?.accessToken);
      const base = c?.baseUrl === undefined ? location.origin : text(c.baseUrl);
      const prefix = c?.urlPrefix === undefined ? "frontegg" : c.urlPrefix;
      const tenant = c?.tenantId === undefined || c.tenantId === null ? undefined : text(c.tenantId);
      // Anything but the plain case is the tab's to read (and to report, when it is wrong).
      if (!token || !base || typeof prefix !== "string" || (c.tenantId != null && !tenant)) return;
      const root = [base.replace(/\/+$/, ""), prefix.replace(/^\/+|\/+$/g, "")].filter(Boolean);
      const authorization = `Bearer ${token}`;
      const headers = { Accept: "application/json", Authorization: authorization };
      if (tenant) headers["frontegg-tenant-id"] = tenant;
      for (const path of WAVE) {
        const url = [...root, "identity/resources", path].join("/");
        const response = fetch(url, { headers });
        response.catch(() => {}); // the tab sees a failure when it takes this one
        wave.set(key(url, authorization, tenant), response); // untaken: let go after the load
      }
    })
    .catch(() => {}),
);

const tag = document.querySelector("script[data-js][data-wasm]");
const { default: init } = await import(tag.dataset.js);
const started = init({ module_or_path: tag.dataset.wasm });
// While the wasm compiles (off this thread), load the browser's locale data: the first Intl
// formatter a page builds costs 30-70 ms, which would otherwise fall between the API's
// answers and the rows. The tab builds its own formatters later; these only warm the data.
try {
  const lang = navigator.language;
  new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
  new Intl.NumberFormat(lang);
  new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  new Intl.PluralRules(lang);
} catch {
  // A browser without one of these: the tab falls back on its own.
}
await started;
