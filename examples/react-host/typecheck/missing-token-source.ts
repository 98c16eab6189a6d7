// Must not compile: no accessToken and no getAccessToken (the tab would call the API without
// the user's JWT).
import { mountApiTokens } from "api-tokens-tab";

mountApiTokens(document.body, { baseUrl: "https://api.example.com", theme: "dark" });
