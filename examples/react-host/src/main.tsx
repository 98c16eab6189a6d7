// The vendor's React 19 app, in StrictMode: in React's development build every effect runs,
// is cleaned up and runs again on mount, which the tab must survive (one tab, no handle left).
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
