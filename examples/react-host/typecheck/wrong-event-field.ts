// Must not compile: alreadyGone is a field of "deleted" events only.
import { mountApiTokens } from "api-tokens-tab";

mountApiTokens(document.body, {
  accessToken: "jwt",
  onEvent: (e) => {
    if (e.type === "created") console.log(e.alreadyGone);
  },
});
