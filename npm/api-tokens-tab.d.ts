// Types of the ES module `api-tokens-tab` (dist/embed/api-tokens-tab.js, built from src/embed.rs
// by wasm-bindgen with --no-typescript): written by hand, and kept true by tests.
// - A native test (src/embed/npm_types.rs) holds `ApiTokensOptionTypes` to the host options of
//   src/config/options.rs (HOST_OPTIONS, same names, same order) and the event union's `type`s
//   to src/events.rs (TabEvent).
// - npm/test/types.test.mjs type-checks a host file with `tsc --strict` against the packed
//   package and holds that a wrong option name, a wrong type and a missing token source fail.

/** `"light"`, `"dark"`, or `"auto"` (follows the system; the default). */
export type Theme = "light" | "dark" | "auto";
/** Who owns a token: the account (tenant) or the user. */
export type TokenOwner = "account" | "personal";
/** The two kinds of machine token. */
export type TokenType = "clientCredentials" | "accessToken";

/** Answers the user's JWT; asked before every request, and once more after a 401. */
export type AccessTokenGetter = () => string | Promise<string>;

/** A token was generated. */
export interface TokenCreatedEvent {
  type: "created";
  id: string;
  owner: TokenOwner;
  tokenType: TokenType;
}

/** A token was deleted (`alreadyGone`: the backend said 404, someone deleted it first). */
export interface TokenDeletedEvent {
  type: "deleted";
  id: string;
  owner: TokenOwner;
  tokenType: TokenType;
  alreadyGone: boolean;
}

/** A token's description or roles were edited. */
export interface TokenUpdatedEvent {
  type: "updated";
  id: string;
}

/** A token's secret was rolled (a new one issued; the old one may work for a grace window). */
export interface TokenRotatedEvent {
  type: "rotated";
  id: string;
  owner: TokenOwner;
  tokenType: TokenType;
}

/** Something failed; `message` is what the user was shown, `status` the HTTP status if any. */
export interface TabErrorEvent {
  type: "error";
  operation: "load" | "create" | "delete" | "update" | "rotate";
  message: string;
  status: number | null;
}

/** What `onEvent` receives. Never carries a secret: ids, kinds and messages only. */
export type ApiTokensEvent =
  | TokenCreatedEvent
  | TokenDeletedEvent
  | TokenUpdatedEvent
  | TokenRotatedEvent
  | TabErrorEvent;

/**
 * The keys of the tab's messages that are one text (the project's docs/messages.md lists every key
 * with its English text and placeholders). A native test holds these lists to src/i18n (Messages::KEYS).
 */
export type ApiTokensTextKey =
  | "title"
  | "lead"
  | "generate_token"
  | "dismiss"
  | "loading"
  | "stop_loading"
  | "load_failed"
  | "you_stopped_loading"
  | "retry"
  | "retrying"
  | "partial_failure"
  | "part_roles"
  | "part_account_clients"
  | "part_account_access"
  | "part_personal_clients"
  | "part_personal_access"
  | "part_with_error"
  | "list_separator"
  | "sentence_gap"
  | "created_announcement"
  | "deleted_notice"
  | "already_deleted_notice"
  | "updated_announcement"
  | "your_roles"
  | "no_roles"
  | "roles_separator"
  | "search_label"
  | "search_placeholder"
  | "sort_label"
  | "sort_newest"
  | "sort_oldest"
  | "sort_expires_soonest"
  | "sort_expires_latest"
  | "sort_last_used"
  | "sort_least_recently_used"
  | "show_expired"
  | "unused_filter"
  | "expiring_filter"
  | "empty_title"
  | "empty_body"
  | "generate_first"
  | "nothing_to_show"
  | "no_match"
  | "clear_filters"
  | "table_caption"
  | "col_description"
  | "col_identifier"
  | "col_owner"
  | "col_type"
  | "col_roles"
  | "col_created"
  | "col_created_by"
  | "col_expires"
  | "col_last_used"
  | "never_used"
  | "last_used_from"
  | "col_actions"
  | "you"
  | "former_member"
  | "untitled"
  | "unknown"
  | "copy_client_id_of"
  | "copy_token_id_of"
  | "owner_account"
  | "owner_personal"
  | "type_client_credentials"
  | "type_access_token"
  | "expires_soon"
  | "never"
  | "expired"
  | "date_and_relative"
  | "relative_and_date"
  | "actions_for"
  | "edit"
  | "delete"
  | "generate_client_credentials"
  | "generate_access_token"
  | "owner_legend"
  | "owner_account_hint"
  | "owner_personal_hint"
  | "description_label"
  | "expiration_label"
  | "policy_limit"
  | "custom_date"
  | "expires_on"
  | "personal_roles"
  | "no_roles_at_all"
  | "stop"
  | "cancel"
  | "generating"
  | "pick_a_role"
  | "enter_description"
  | "description_too_long"
  | "description_control"
  | "description_hidden"
  | "pick_date"
  | "pick_future_date"
  | "pick_date_within_ten_years"
  | "must_expire"
  | "pick_date_within_policy"
  | "checking_created"
  | "created_but_lost"
  | "not_created"
  | "create_unchecked"
  | "roles_legend"
  | "at_least_one"
  | "roles_hint"
  | "level"
  | "no_level"
  | "above_your_level"
  | "only_unlevelled"
  | "secret_title"
  | "shown_once"
  | "store_it"
  | "secret_for"
  | "client_id"
  | "copy_client_id"
  | "secret"
  | "copy_secret"
  | "copy_access_token"
  | "copied_it"
  | "done"
  | "leave_warning"
  | "delete_title"
  | "type_label"
  | "account_token"
  | "personal_token"
  | "no_undo"
  | "stops_working"
  | "maybe_deleted"
  | "deleting"
  | "delete_token"
  | "edit_title"
  | "maybe_saved"
  | "saving"
  | "save_changes"
  | "roll_secret"
  | "expire_previous"
  | "details"
  | "roll_title"
  | "roll_explain"
  | "grace_legend"
  | "grace_now"
  | "grace_hour"
  | "grace_day"
  | "grace_week"
  | "roll_confirm"
  | "rolling"
  | "roll_blocked"
  | "blocked_permission"
  | "roll_lost_rolled"
  | "roll_lost_unclear"
  | "roll_unchecked"
  | "previous_valid_until"
  | "expire_previous_title"
  | "expire_previous_body"
  | "expire_previous_confirm"
  | "expiring"
  | "rotated_announcement"
  | "previous_expired_announcement"
  | "details_title"
  | "usage_label"
  | "usage_loading"
  | "usage_failed"
  | "usage_none"
  | "usage_totals"
  | "usage_busiest"
  | "usage_legend_uses"
  | "usage_legend_refused"
  | "addresses_label"
  | "addresses_none"
  | "address_line"
  | "history_label"
  | "history_loading"
  | "history_empty"
  | "history_failed"
  | "event_created"
  | "event_updated"
  | "event_rotated"
  | "event_renewed"
  | "event_disabled"
  | "event_enabled"
  | "event_previous_expired"
  | "event_deleted"
  | "event_reminder_expired"
  | "event_reminder_idle"
  | "event_reminder_other"
  | "event_by"
  | "event_from"
  | "role_with_level"
  | "previous_secret_label"
  | "no_previous_secret"
  | "last_used_label"
  | "close"
  | "dialog_loading"
  | "dialog_load_failed"
  | "maybe_expired"
  | "renew"
  | "renew_title"
  | "renew_explain"
  | "renew_confirm"
  | "renewing"
  | "renewed_announcement"
  | "maybe_renewed"
  | "disabled_label"
  | "disabled_unused"
  | "disabled_unused_on"
  | "disabled_on"
  | "enable_again"
  | "enable_title"
  | "enable_body"
  | "enable_policy"
  | "enable_confirm"
  | "enabling"
  | "enabled_announcement"
  | "maybe_enabled"
  | "allowlist_label"
  | "allowlist_hint"
  | "allowlist_required_hint"
  | "allowlist_required"
  | "allowlist_not_address"
  | "allowlist_not_prefix"
  | "allowlist_prefix_too_long"
  | "allowlist_host_bits"
  | "allowlist_everything"
  | "allowlist_duplicate"
  | "allowlist_too_many"
  | "allowlist_add_recent"
  | "allowlist_excludes_last"
  | "save_anyway"
  | "allowlist_any"
  | "event_allowlist_changed"
  | "event_owner_removed"
  | "select_row"
  | "select_unused"
  | "select_expired"
  | "clear_selection"
  | "bulk_title"
  | "bulk_checking"
  | "bulk_check_failed"
  | "bulk_no_undo"
  | "bulk_revoking"
  | "bulk_retry"
  | "owner_filter"
  | "owner_mine"
  | "owner_everyone"
  | "member_above"
  | "copy"
  | "copied"
  | "copy_failed"
  | "label_copied"
  | "label_not_copied"
  | "auto_retry_note"
  | "auto_retry_countdown"
  | "minutes_and_seconds"
  | "err_network"
  | "err_400"
  | "err_401"
  | "err_403"
  | "err_404"
  | "err_409"
  | "err_429"
  | "err_5xx"
  | "err_other"
  | "err_http"
  | "err_http_message"
  | "err_try_again_in"
  | "err_timeout"
  | "err_offline"
  | "err_cancelled"
  | "err_decode"
  | "err_token";

/** The keys of the messages said by count, in plural forms. */
export type ApiTokensPluralKey =
  | "token_count"
  | "showing_of"
  | "unused_count"
  | "expiring_count"
  | "show_more"
  | "not_shown_yet"
  | "days"
  | "usage_uses"
  | "usage_refused"
  | "event_refused_attempts"
  | "event_reminder_expiring"
  | "allowlist_marker"
  | "select_all_shown"
  | "selected_count"
  | "revoke_selected"
  | "bulk_will"
  | "bulk_not_allowed"
  | "bulk_not_found"
  | "bulk_confirm"
  | "bulk_done"
  | "bulk_failed"
  | "event_refused_address"
  | "owner_member"
  | "seconds"
  | "minutes";

/** A plural message's forms (CLDR categories); `other` is said for any count without its own. */
export interface ApiTokensPluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/**
 * One language's words: any of the tab's messages, keeping the English text's `{placeholders}`;
 * a message left out falls back to English. A plural message takes its forms, or one text.
 */
export type ApiTokensCatalog = { [K in ApiTokensTextKey]?: string } & {
  [K in ApiTokensPluralKey]?: string | ApiTokensPluralForms;
};

/**
 * Every host option and its type, in the order of src/config/options.rs (HOST_OPTIONS).
 * Hosts pass {@link ApiTokensOptions}: all of these are optional but the token source.
 */
export interface ApiTokensOptionTypes {
  /** Where the API is; default: the page's origin. An http(s) URL. */
  baseUrl: string;
  /** Put between the base URL and `/identity`; default `"frontegg"`, `""` for none. */
  urlPrefix: string;
  /** A fixed user JWT (not with `getAccessToken`). */
  accessToken: string;
  /** Answers the user's JWT before every request (not with `accessToken`). */
  getAccessToken: AccessTokenGetter;
  /** Sent as `frontegg-tenant-id`. */
  tenantId: string;
  /** Overrides the vendor's token strategy: one kind, or an array holding one. */
  tokenTypes: TokenType | readonly [TokenType];
  /** A BCP 47 tag (`"de"`, `"de-CH"`, `"ar-EG"`); default: the browser's languages, else English. */
  locale: string;
  theme: Theme;
  /** Hears what happens in the tab. A handler that throws does not break the tab. */
  onEvent: (event: ApiTokensEvent) => void;
  /** A request's timeout, a whole number from 1000 to 300000; default 8000. */
  requestTimeoutMs: number;
  /**
   * The vendor's words by language tag: `{ en: { title: "API keys" } }` overrides one message;
   * a whole catalog for a language the tab does not ship adds it. Checked on mount: an unknown
   * key, a lost or stray `{placeholder}` throws an `Error` naming the key.
   */
  messages: Record<string, ApiTokensCatalog>;
}

/** Where the tab gets the user's JWT: exactly one of `accessToken` and `getAccessToken`. */
export type ApiTokensTokenSource =
  | { accessToken: string; getAccessToken?: undefined }
  | { getAccessToken: AccessTokenGetter; accessToken?: undefined };

/** The options of {@link mountApiTokens} and {@link EmbedHandle.update}. */
export type ApiTokensOptions = Partial<Omit<ApiTokensOptionTypes, "accessToken" | "getAccessToken">> &
  ApiTokensTokenSource;

/** A mounted tab. */
export declare class EmbedHandle {
  private constructor();
  /** Removes the tab and everything it added; cancels requests in flight. Safe to call twice. */
  unmount(): void;
  /**
   * Replaces the options. Theme, locale, the token source and `onEvent` change in place,
   * keeping what the user typed; another `baseUrl`, `urlPrefix`, `tenantId` or `tokenTypes`
   * reloads the tab. Throws like {@link mountApiTokens}, and after `unmount()`.
   */
  update(options: ApiTokensOptions): void;
  /** Whether the tab is still mounted. */
  readonly mounted: boolean;
  /** Frees the handle's wasm memory (unmounting first). */
  free(): void;
}

/**
 * With TypeScript's `esnext.disposable` lib the handle is `Disposable` (`using handle =
 * mountApiTokens(...)`: its `[Symbol.dispose]()` frees it, as `free()` does). Declared only where
 * the project's lib has `Symbol.dispose`, so that a project whose `lib` is `["ES2022", "DOM"]`
 * type-checks this file (a plain `[Symbol.dispose]` member is TS2550 there).
 */
export interface EmbedHandle extends HandleDisposal {}
/** `Symbol.dispose`'s type where the lib has it; else `never`. */
type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer K extends symbol } ? K : never;
/** `{ [Symbol.dispose](): void }` with `esnext.disposable`; else `{}`. */
type HandleDisposal = { [K in DisposeSymbol]: () => void };

/**
 * Mounts the API Tokens tab into `element`, inside an open shadow root on it. Call (and await)
 * the default export {@link init} first. Throws an `Error` naming the option for an invalid or
 * unknown one.
 */
export declare function mountApiTokens(element: Element, options: ApiTokensOptions): EmbedHandle;

/** Where the wasm comes from; default: `api-tokens-tab_bg.wasm` beside the module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads and instantiates the wasm, once; later calls answer the same instance. */
export default function init(
  moduleOrPath?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<unknown>;

/** Instantiates already compiled or fetched wasm synchronously. */
export declare function initSync(module: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): unknown;
