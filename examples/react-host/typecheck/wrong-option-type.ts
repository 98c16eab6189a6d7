// Must not compile: a theme the tab does not have.
import { mountApiTokens } from "api-tokens-tab";

mountApiTokens(document.body, { theme: "neon", accessToken: "jwt" });
