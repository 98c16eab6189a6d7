// Must not compile: a plural message's forms without "other".
import { mountApiTokens } from "api-tokens-tab";

mountApiTokens(document.body, { accessToken: "jwt", messages: { fr: { token_count: { one: "{n} jeton" } } } });
