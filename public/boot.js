// Starts the standalone app. Trunk's own loader is an inline <script>, which the strict
// Content-Security-Policy the backend sends forbids; Trunk.toml's pattern_script points here
// instead, with the hashed file names in data attributes.
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
