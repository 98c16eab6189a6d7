// Must not compile: a message key the tab does not have.
import { mountApiTokens } from "api-tokens-tab";

mountApiTokens(document.body, { accessToken: "jwt", messages: { en: { titel: "API keys" } } });
