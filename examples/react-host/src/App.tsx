// The vendor's app: its own sign-in, then the API Tokens tab on two pages, through the React
// wrapper (api-tokens-tab/react) and as the bare <api-tokens-tab> element, with the locale and
// theme as React state and the tab's events in an activity list.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiTokensTab } from "api-tokens-tab/react";
import type { ApiTokensEvent, Theme } from "api-tokens-tab";
import "api-tokens-tab/element";

type Page = "component" | "element" | "overview";
const PAGES: [Page, string][] = [
  ["component", "React component"],
  ["element", "Custom element"],
  ["overview", "Overview"],
];
const USERS = ["admin@acme.test", "owner@acme.test", "dev@acme.test", "viewer@acme.test", "owner@globex.test"];
const LOCALES: [string, string][] = [
  ["en", "English"],
  ["de", "Deutsch"],
  ["ar", "العربية"],
  ["fr", "Français"],
  ["ja", "日本語"],
];

function describe(e: ApiTokensEvent): string {
  switch (e.type) {
    case "created":
    case "rotated":
      return `${e.type}: ${e.id} ${e.owner} ${e.tokenType}`;
    case "deleted":
      return `deleted: ${e.id} ${e.owner} ${e.tokenType}${e.alreadyGone ? " (already gone)" : ""}`;
    case "updated":
      return `updated: ${e.id}`;
    case "error":
      return `error: ${e.operation} ${e.status ?? ""} ${e.message}`;
  }
}

export function App() {
  const [jwt, setJwt] = useState<string | null>(null);
  const [email, setEmail] = useState(USERS[0]);
  const [status, setStatus] = useState("");
  const [page, setPage] = useState<Page>("component");
  const [locale, setLocale] = useState("en");
  const [theme, setTheme] = useState<Theme>("auto");
  const [activity, setActivity] = useState<string[]>([]);
  // The session as the tab reads it, before every request.
  const session = useRef<string | null>(null);
  session.current = jwt;
  const getAccessToken = async () => session.current ?? "";
  const onEvent = (e: ApiTokensEvent) => setActivity((a) => [describe(e), ...a]);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setStatus("Signing in…");
    try {
      const resp = await fetch("../../frontegg/identity/resources/auth/v1/user", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (!resp.ok) {
        setStatus(`Sign-in failed (HTTP ${resp.status}).`);
        return;
      }
      const body: { accessToken: string } = await resp.json();
      setStatus("");
      setJwt(body.accessToken);
    } catch (error) {
      setStatus(`Sign-in failed: ${(error as Error).message}`);
    }
  }

  return (
    <>
      <header>
        <strong>Orbit Console</strong>
        {jwt && (
          <nav aria-label="Console pages">
            {PAGES.map(([p, label]) => (
              <button key={p} type="button" aria-current={page === p ? "page" : undefined} onClick={() => setPage(p)}>
                {label}
              </button>
            ))}
          </nav>
        )}
      </header>
      <main>
        <h1>API access</h1>
        {!jwt ? (
          <form className="card" aria-label="Console sign-in" onSubmit={signIn}>
            <label>
              User{" "}
              <select name="email" value={email} onChange={(e) => setEmail(e.target.value)}>
                {USERS.map((u) => (
                  <option key={u}>{u}</option>
                ))}
              </select>
            </label>
            <label>
              Password <input name="password" type="password" defaultValue="acme-demo-password" />
            </label>
            <button type="submit">Sign in</button>
            <p role="status">{status}</p>
          </form>
        ) : (
          <div className="card">
            Signed in as {email}.{" "}
            <label>
              Language{" "}
              <select value={locale} onChange={(e) => setLocale(e.target.value)}>
                {LOCALES.map(([tag, name]) => (
                  <option key={tag} value={tag}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Theme{" "}
              <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
                <option value="auto">auto</option>
                <option value="light">light</option>
                <option value="dark">dark</option>
              </select>
            </label>
            <button type="button" onClick={() => setJwt(null)}>
              Sign out
            </button>
          </div>
        )}
        {jwt && page === "component" && (
          <ApiTokensTab className="tab-slot" getAccessToken={getAccessToken} locale={locale} theme={theme} onEvent={onEvent} />
        )}
        {jwt && page === "element" && (
          <ElementPage getAccessToken={getAccessToken} locale={locale} theme={theme} onEvent={onEvent} />
        )}
        {jwt && page === "overview" && <p className="card">Nothing embedded on this page.</p>}
        <section className="card" aria-label="Activity">
          <h2>Activity</h2>
          <ol id="activity">
            {activity.map((line, i) => (
              <li key={activity.length - i}>{line}</li>
            ))}
          </ol>
        </section>
      </main>
    </>
  );
}

// The bare element: attributes and the getAccessToken property set by React 19, its DOM events
// heard through a ref.
function ElementPage(props: {
  getAccessToken: () => Promise<string>;
  locale: string;
  theme: Theme;
  onEvent: (e: ApiTokensEvent) => void;
}) {
  const ref = useRef<HTMLElementTagNameMap["api-tokens-tab"]>(null);
  const onEvent = useRef(props.onEvent);
  onEvent.current = props.onEvent;
  useEffect(() => {
    const el = ref.current!;
    const hear = (e: HTMLElementEventMap["api-tokens-created" | "api-tokens-deleted" | "api-tokens-updated" | "api-tokens-rotated"]) =>
      onEvent.current(e.detail);
    const types = ["api-tokens-created", "api-tokens-deleted", "api-tokens-updated", "api-tokens-rotated"] as const;
    for (const t of types) el.addEventListener(t, hear);
    return () => {
      for (const t of types) el.removeEventListener(t, hear);
    };
  }, []);
  return <api-tokens-tab ref={ref} className="tab-slot" locale={props.locale} theme={props.theme} getAccessToken={props.getAccessToken} />;
}
