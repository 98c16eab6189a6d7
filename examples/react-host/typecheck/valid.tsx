// A host's TypeScript, type-checked with `tsc --strict` against the installed api-tokens-tab
// package by npm/test/types.test.mjs: every option, the handle, init, each event's fields, the
// element and its events, the React wrapper and <api-tokens-tab> in JSX. Must compile.
import init, { mountApiTokens, type ApiTokensEvent, type ApiTokensOptions, type EmbedHandle } from "api-tokens-tab";
import "api-tokens-tab/element";
import { ApiTokensTab } from "api-tokens-tab/react";

declare const session: { token: string; refresh(): Promise<string> };

function log(e: ApiTokensEvent): string {
  switch (e.type) {
    case "created":
    case "rotated":
      return `${e.id} ${e.owner satisfies "account" | "personal"} ${e.tokenType satisfies "clientCredentials" | "accessToken"}`;
    case "deleted":
      return `${e.id} ${e.alreadyGone ? "already gone" : "deleted"}`;
    case "updated":
      return e.id;
    case "error": {
      const status: number | null = e.status;
      return `${e.operation} ${status ?? "-"} ${e.message}`;
    }
  }
}

export async function everyOption(el: HTMLElement): Promise<EmbedHandle> {
  await init();
  const options: ApiTokensOptions = {
    baseUrl: "https://api.example.com",
    urlPrefix: "frontegg",
    getAccessToken: () => session.refresh(),
    tenantId: "acme",
    tokenTypes: "accessToken",
    locale: "de-CH",
    theme: "auto",
    onEvent: (e) => console.log(log(e)),
    requestTimeoutMs: 8000,
    messages: {
      en: { title: "API keys", token_count: { one: "{n} key", other: "{n} keys" } },
      "pt-BR": { title: "Chaves de API", generate_token: "Gerar chave", days: "{n} dias" },
    },
  };
  const tab = mountApiTokens(el, options);
  tab.update({ ...options, theme: "dark", tokenTypes: ["clientCredentials"] });
  // A fixed token instead of the getter; the getter may answer a plain string too.
  tab.update({ accessToken: session.token, locale: "ar" });
  tab.update({ getAccessToken: () => session.token });
  const mounted: boolean = tab.mounted;
  if (mounted) tab.unmount();
  tab.free();
  return mountApiTokens(document.createElement("div"), { accessToken: "jwt" });
}

export function theElement(): HTMLElementTagNameMap["api-tokens-tab"] {
  const tab = document.createElement("api-tokens-tab");
  tab.setAttribute("base-url", "https://api.example.com");
  tab.getAccessToken = async () => session.refresh();
  tab.getAccessToken = () => session.token;
  tab.getAccessToken = null;
  tab.setAttribute("messages", JSON.stringify({ en: { title: "API keys" } }));
  tab.messages = { en: { title: "API keys", token_count: "{n} keys" } };
  tab.addEventListener("api-tokens-created", (e) => console.log(e.detail.id, e.detail.tokenType));
  tab.addEventListener("api-tokens-deleted", (e) => console.log(e.detail.alreadyGone));
  document.addEventListener("api-tokens-error", (e) => console.log(e.detail.operation, e.detail.message));
  document.querySelector("api-tokens-tab")?.remove();
  return tab;
}

export function WithTheWrapper({ locale }: { locale: string }) {
  return (
    <ApiTokensTab
      getAccessToken={() => session.refresh()}
      locale={locale}
      theme="light"
      onEvent={(e) => e.type === "deleted" && console.log(e.alreadyGone)}
      baseUrl="https://api.example.com"
      className="tokens"
      style={{ maxWidth: 900 }}
    />
  );
}

export function WithTheElement() {
  return (
    <api-tokens-tab
      base-url="https://api.example.com"
      url-prefix=""
      tenant-id="acme"
      token-types="clientCredentials"
      locale="ja"
      theme="dark"
      request-timeout-ms={5000}
      getAccessToken={() => session.refresh()}
      messages={{ ja: { title: "APIキー" } }}
      className="tokens"
      ref={(el) => {
        if (el) el.getAccessToken = () => session.token;
      }}
    />
  );
}
