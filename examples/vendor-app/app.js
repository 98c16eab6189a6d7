// The vendor's own code: its sign-in, then the <api-tokens-tab> element with a token getter
// that reads the vendor's session (called before every request the tab makes).
import "../../embed/element.js";

const $ = (selector) => document.querySelector(selector);
let session = null;
let tab = null;

function log(text) {
  const item = document.createElement("li");
  item.textContent = text;
  $("#activity").prepend(item);
}

function mountTab() {
  tab = document.createElement("api-tokens-tab");
  tab.setAttribute("theme", $("#theme").value);
  tab.getAccessToken = async () => session;
  $("#tab-slot").append(tab);
}

for (const type of ["created", "deleted", "updated", "error"]) {
  document.addEventListener(`api-tokens-${type}`, (event) => {
    const d = event.detail;
    log(`${type}: ${d.id ?? d.message} ${d.owner ?? ""} ${d.tokenType ?? ""}`.trim());
  });
}

$("#sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const status = $("#sign-in-status");
  status.textContent = "Signing in…";
  try {
    const resp = await fetch("../../frontegg/identity/resources/auth/v1/user", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
    });
    if (!resp.ok) {
      status.textContent = `Sign-in failed (HTTP ${resp.status}).`;
      return;
    }
    session = (await resp.json()).accessToken;
  } catch (error) {
    status.textContent = `Sign-in failed: ${error.message}`;
    return;
  }
  status.textContent = "";
  $("#who").textContent = form.get("email");
  $("#sign-in").hidden = true;
  $("#signed-in").hidden = false;
  mountTab();
});

$("#theme").addEventListener("change", (event) => tab?.setAttribute("theme", event.target.value));

$("#sign-out").addEventListener("click", () => {
  tab?.remove();
  tab = null;
  session = null;
  $("#signed-in").hidden = true;
  $("#sign-in").hidden = false;
});
