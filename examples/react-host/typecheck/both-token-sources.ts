// Must not compile: accessToken and getAccessToken together (the tab refuses that at run time).
import { mountApiTokens } from "api-tokens-tab";

mountApiTokens(document.body, { accessToken: "jwt", getAccessToken: () => "jwt" });
