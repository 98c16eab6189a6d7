// <api-tokens-tab>: the API Tokens tab as a custom element. Copied to dist/embed/element.js
// beside api-tokens-tab.js (the ES module built from src/embed.rs) by scripts/build-embed.
//
//   <script type="module" src="/embed/element.js"></script>
//   <api-tokens-tab base-url="https://api.example.com" theme="auto"></api-tokens-tab>
//   document.querySelector("api-tokens-tab").getAccessToken = () => mySession.token();
//
// Attributes: base-url, url-prefix, access-token, tenant-id, token-types, locale, theme,
// request-timeout-ms, messages.
// Property: getAccessToken (a function returning a string or a Promise of one; wins over
// access-token), messages (an object, e.g. { en: { title: "API keys" } }; wins over the
// messages attribute, which holds the same as JSON). Events (bubbling, composed): api-tokens-created, api-tokens-deleted,
// api-tokens-updated, api-tokens-error; `event.detail` never holds a secret.
import init, { mountApiTokens } from "./api-tokens-tab.js";

// Attribute -> option: the host options that are not functions, as defined in
// src/config/options.rs (HOST_OPTIONS); a native test there fails when this list, the one above
// or the Number() conversion below disagree with it.
const ATTRIBUTES = {
  "base-url": "baseUrl",
  "url-prefix": "urlPrefix",
  "access-token": "accessToken",
  "tenant-id": "tenantId",
  "token-types": "tokenTypes",
  locale: "locale",
  theme: "theme",
  "request-timeout-ms": "requestTimeoutMs",
  messages: "messages",
};

// An object attribute's JSON; a mistake names the attribute (mountApiTokens checks the rest).
function json(attribute, value) {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new Error(`api-tokens-tab: attribute "${attribute}" must be JSON (${error.message})`);
  }
}

let loading = null;
let loaded = false;
const ready = () => {
  if (loading === null) {
    loading = init().then((wasm) => {
      loaded = true;
      return wasm;
    });
    warmUpIntl();
  }
  return loading;
};

// While the wasm compiles (off the main thread), load the browser's locale data: the first
// Intl formatter a page builds costs 30-70 ms, which would otherwise fall between the API's
// answers and the rows. The tab builds its own formatters later; these only warm the data.
function warmUpIntl() {
  try {
    const lang = navigator.language;
    new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
    new Intl.NumberFormat(lang);
    new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    new Intl.PluralRules(lang);
  } catch {
    // A browser without one of these: the tab falls back on its own.
  }
}

// While the wasm loads, the tab's first wave of GETs (src/api/prefetch.rs) leaves with the token
// of the element's access-token attribute, with the very headers the tab would send. The tab
// takes an answer only for exactly its own request, once; anything else it asks itself. Not with
// a getAccessToken: the host's getter is asked once per request the tab sends, and a loader
// that asked it for the tab would break that promise. A native test holds this list to the tab's.
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
// The catalog the tab will speak (src/api/catalogs.rs), fetched with the first wave: the locale
// attribute's language, else the browser's first language the tab speaks (English is built in).
function prefetchCatalog(element) {
  const urls = globalThis.__apiTokensTabLocales ?? {};
  const code = [element.getAttribute("locale"), ...navigator.languages]
    .map((tag) => (tag ?? "").trim().split(/[-_]/)[0].toLowerCase())
    .find((lang) => lang === "en" || Object.hasOwn(urls, lang));
  const wave = (globalThis.__apiTokensTabWave ??= new Map());
  const key = `${urls[code]}\n\n`;
  if (code === undefined || code === "en" || wave.has(key)) return;
  const catalog = fetch(urls[code]);
  catalog.catch(() => {}); // the tab asks itself, and reports, when this one failed
  wave.set(key, catalog);
}
function prefetch(element) {
  const wave = (globalThis.__apiTokensTabWave ??= new Map());
  const attr = (name) => element.getAttribute(name) || undefined;
  const before = wave.get("ready");
  const started = (async () => {
    const token = attr("access-token");
    if (token === undefined) return;
    const base = attr("base-url") ?? location.origin;
    const prefix = element.getAttribute("url-prefix") ?? "frontegg";
    const tenant = attr("tenant-id");
    const root = [base.replace(/\/+$/, ""), prefix.replace(/^\/+|\/+$/g, "")].filter(Boolean);
    const authorization = `Bearer ${token}`;
    const headers = { Accept: "application/json", Authorization: authorization };
    if (tenant) headers["frontegg-tenant-id"] = tenant;
    for (const path of WAVE) {
      const url = [...root, "identity/resources", path].join("/");
      const key = `${url}\n${authorization}\n${tenant ?? ""}`;
      if (wave.has(key)) continue;
      const response = fetch(url, { headers });
      response.catch(() => {}); // the tab sees a failure when it takes this one
      wave.set(key, response); // what the tab does not take is let go when it has loaded
    }
  })().catch(() => {}); // a bad option is the tab's to report
  wave.set("ready", before ? Promise.all([before, started]) : started);
}

class ApiTokensTabElement extends HTMLElement {
  static observedAttributes = Object.keys(ATTRIBUTES);

  #handle = null;
  #getAccessToken = null;
  #messages = null;
  #generation = 0;

  get getAccessToken() {
    return this.#getAccessToken;
  }

  set getAccessToken(fn) {
    this.#getAccessToken = fn ?? null;
    this.#reconfigure();
  }

  get messages() {
    return this.#messages;
  }

  set messages(catalogs) {
    this.#messages = catalogs ?? null;
    this.#reconfigure();
  }

  #options() {
    const options = {};
    for (const [attribute, option] of Object.entries(ATTRIBUTES)) {
      const value = this.getAttribute(attribute);
      if (value !== null && value !== "") {
        // A number option: "abc" becomes NaN, which mountApiTokens reports by name.
        options[option] = option === "requestTimeoutMs" ? Number(value) : value;
        // An object option: JSON, unless the property (which wins) is set.
        if (option === "messages") options[option] = this.#messages ?? json(attribute, value);
      }
    }
    if (this.#messages !== null) options.messages = this.#messages;
    if (this.#getAccessToken !== null) {
      delete options.accessToken;
      options.getAccessToken = this.#getAccessToken;
    }
    options.onEvent = (detail) => {
      this.dispatchEvent(
        new CustomEvent(`api-tokens-${detail.type}`, { detail, bubbles: true, composed: true }),
      );
    };
    return options;
  }

  constructor() {
    super();
    // A getAccessToken or messages set before this script defined the element sits on the
    // instance; move it behind the setter.
    if (Object.hasOwn(this, "getAccessToken")) {
      const fn = this.getAccessToken;
      delete this.getAccessToken;
      this.#getAccessToken = fn ?? null;
    }
    if (Object.hasOwn(this, "messages")) {
      const catalogs = this.messages;
      delete this.messages;
      this.#messages = catalogs ?? null;
    }
  }

  async connectedCallback() {
    const generation = ++this.#generation;
    if (!loaded) prefetchCatalog(this);
    if (!loaded && this.#getAccessToken === null) prefetch(this);
    try {
      await ready();
    } catch (error) {
      this.#fail(`the tab could not load (${error?.message ?? error})`);
      return;
    }
    // Removed (or re-added) while the wasm was loading: that call wins.
    if (generation !== this.#generation || !this.isConnected || this.#handle) return;
    try {
      this.#handle = mountApiTokens(this, this.#options());
    } catch (error) {
      this.#fail(error.message);
    }
  }

  disconnectedCallback() {
    this.#generation++;
    this.#handle?.unmount();
    this.#handle?.free();
    this.#handle = null;
  }

  attributeChangedCallback() {
    this.#reconfigure();
  }

  #reconfigure() {
    if (!this.#handle) {
      // A mistake fixed by setting the attribute again mounts the tab.
      if (this.isConnected && this.shadowRoot?.querySelector("[data-att-error]")) {
        this.connectedCallback();
      }
      return;
    }
    try {
      this.#handle.update(this.#options());
    } catch (error) {
      this.disconnectedCallback();
      this.#fail(error.message);
    }
  }

  /// Says what is wrong inside the element, and tells the page.
  #fail(message) {
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    const p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.setAttribute("data-att-error", "");
    p.textContent = message;
    root.replaceChildren(p);
    this.dispatchEvent(
      new CustomEvent("api-tokens-error", {
        detail: { type: "error", operation: "mount", message, status: null },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

if (!customElements.get("api-tokens-tab")) {
  customElements.define("api-tokens-tab", ApiTokensTabElement);
}

export { ApiTokensTabElement };
