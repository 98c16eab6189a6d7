// What the snippets of the README and docs/embedding.md take from the host page (its session, its audit log), for the
// type check of those snippets (npm/test/types.test.mjs).
declare const session: { getToken(): Promise<string> };
declare function audit(detail: unknown): void;
