// LeMedia's page script: progressive enhancement only; every page works without it.
"use strict";

function setupNavToggle() {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("nav");
  if (!toggle || !nav) return;
  nav.classList.add("collapsible"); // without this script the menu simply stays open
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
}

// Warn two minutes before the idle timeout and offer to stay signed in.
function setupTimeoutWarning() {
  const idle = Number(document.body.dataset.idleSeconds || 0);
  const box = document.getElementById("timeout-warning");
  const stay = document.getElementById("stay-signed-in");
  if (!idle || !box || !stay) return;
  const lead = Math.min(120, idle / 4) * 1000;
  let timer;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { box.hidden = false; stay.focus(); }, idle * 1000 - lead);
  };
  stay.addEventListener("click", async () => {
    const res = await fetch("/session/extend", {
      method: "POST",
      headers: { "X-Csrf-Token": stay.dataset.csrf },
      credentials: "same-origin",
    });
    if (res.ok) {
      box.hidden = true;
      arm();
    } else {
      window.location.assign("/login");
    }
  });
  arm();
}

// A page showing work in progress (a running job) asks to be read again:
// reload it every few seconds while it is visible.
function setupRefresh() {
  const el = document.querySelector("[data-refresh-seconds]");
  if (!el) return;
  const seconds = Number(el.dataset.refreshSeconds);
  if (!(seconds > 0)) return;
  setTimeout(function reload() {
    if (document.visibilityState === "visible") window.location.reload();
    else setTimeout(reload, seconds * 1000);
  }, seconds * 1000);
}

document.addEventListener("DOMContentLoaded", () => {
  setupNavToggle();
  setupTimeoutWarning();
  setupRefresh();
});
