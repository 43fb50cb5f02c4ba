// Search as you type: fetch the results fragment of /search while the user
// types, 250 ms after the last key. Without this script the form submits.
"use strict";

function setupLiveSearch() {
  const input = document.querySelector("input[data-live-search]");
  if (!input) return;
  const results = document.getElementById(input.dataset.liveSearch);
  if (!results) return;
  let timer;
  let controller;
  let last = input.value.trim();
  const run = async () => {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    if (controller) controller.abort();
    controller = new AbortController();
    const url = "/search?q=" + encodeURIComponent(q);
    try {
      const res = await fetch(url + "&partial=1", { credentials: "same-origin", signal: controller.signal });
      if (!res.ok) return;
      const html = await res.text();
      const doc = new DOMParser().parseFromString(html, "text/html");
      results.replaceChildren(...doc.body.childNodes);
      history.replaceState(null, "", url);
    } catch (e) {
      if (e.name !== "AbortError") throw e;
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
}

document.addEventListener("DOMContentLoaded", setupLiveSearch);
