// Search as you type: fetch the results fragment of /search while the user
// types, 250 ms after the last key. Without this script the form submits.
// On the discover home the results take the place of the rows (the
// element named by data-live-swap) while there is a query.
"use strict";

function setupLiveSearch() {
  const input = document.querySelector("input[data-live-search]");
  if (!input) return;
  const results = document.getElementById(input.dataset.liveSearch);
  if (!results) return;
  let timer;
  let controller;
  let last = input.value.trim();
  const swap = document.getElementById(results.dataset.liveSwap || "");
  const showResults = (on) => {
    if (!swap) return;
    results.hidden = !on;
    swap.hidden = on;
  };
  const run = async () => {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    if (controller) controller.abort();
    if (swap && q === "") {
      showResults(false);
      return;
    }
    controller = new AbortController();
    const url = "/search?q=" + encodeURIComponent(q);
    try {
      const res = await fetch(url + "&partial=1", { credentials: "same-origin", signal: controller.signal });
      if (!res.ok) return;
      const html = await res.text();
      const doc = new DOMParser().parseFromString(html, "text/html");
      results.replaceChildren(...doc.body.childNodes);
      showResults(true);
      if (!swap) history.replaceState(null, "", url); // the search page's address follows its query
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
