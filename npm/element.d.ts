// Types of `api-tokens-tab/element` (src/embed/element.js): the <api-tokens-tab> custom element,
// defined on import. React JSX typing for it: `api-tokens-tab/jsx` (or `api-tokens-tab/react`).
import type {
  AccessTokenGetter,
  ApiTokensCatalog,
  TokenCreatedEvent,
  TokenDeletedEvent,
  TokenRotatedEvent,
  TokenUpdatedEvent,
  TabErrorEvent,
} from "./api-tokens-tab.js";

/**
 * The element's attributes, as HOST_OPTIONS in src/config/options.rs names them (a native test
 * holds this list to it): every option but the functions. Changing one reconfigures the tab.
 */
export interface ApiTokensTabAttributes {
  "base-url"?: string;
  "url-prefix"?: string;
  "access-token"?: string;
  "tenant-id"?: string;
  "token-types"?: "clientCredentials" | "accessToken";
  locale?: string;
  theme?: "light" | "dark" | "auto";
  "request-timeout-ms"?: number | string;
  /** The `messages` option as JSON (or set the `messages` property to the object). */
  messages?: string;
}

/** `api-tokens-error`'s detail: the tab's errors, and `operation: "mount"` for a bad attribute. */
export type ApiTokensErrorDetail =
  | TabErrorEvent
  | { type: "error"; operation: "mount"; message: string; status: null };

/** The DOM events the element fires (bubbling, composed); `detail` never holds a secret. */
export interface ApiTokensTabEventMap {
  "api-tokens-created": CustomEvent<TokenCreatedEvent>;
  "api-tokens-deleted": CustomEvent<TokenDeletedEvent>;
  "api-tokens-updated": CustomEvent<TokenUpdatedEvent>;
  "api-tokens-rotated": CustomEvent<TokenRotatedEvent>;
  "api-tokens-error": CustomEvent<ApiTokensErrorDetail>;
}

/** `<api-tokens-tab>`. */
export declare class ApiTokensTabElement extends HTMLElement {
  /** Answers the user's JWT before every request; wins over the `access-token` attribute. */
  get getAccessToken(): AccessTokenGetter | null;
  set getAccessToken(fn: AccessTokenGetter | null | undefined);
  /** The vendor's words by language tag (the `messages` option); wins over the attribute. */
  get messages(): Record<string, ApiTokensCatalog> | null;
  set messages(messages: Record<string, ApiTokensCatalog> | null | undefined);
}

declare global {
  interface HTMLElementTagNameMap {
    "api-tokens-tab": ApiTokensTabElement;
  }
  // The events bubble to the document: `document.addEventListener("api-tokens-created", ...)`
  // gets a typed `detail` too.
  interface GlobalEventHandlersEventMap extends ApiTokensTabEventMap {}
}
