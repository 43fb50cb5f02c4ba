// "Request on behalf of": suggests users while staff type in the request
// dialog's picker (an ARIA combobox), and choosing one reloads the page
// for that user, with their quota. Without this script the field is a plain
// text box: type a username or email and press Choose.
"use strict";

function setupUserPicker(input) {
  const form = input.form;
  const hiddenID = document.getElementById(input.dataset.pickerId);
  if (!form || !hiddenID) return;
  const list = document.createElement("ul");
  list.id = input.id + "-list";
  list.className = "picker-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Matching users");
  list.hidden = true;
  input.after(list);
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  list.after(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  let options = []; // the <li> of each user shown
  let active = -1;
  let timer;
  let controller;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (i) => {
    options.forEach((li, j) => li.setAttribute("aria-selected", String(i === j)));
    active = i;
    if (i < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", options[i].id);
    options[i].scrollIntoView({ block: "nearest" });
  };
  const choose = (li) => {
    input.value = li.dataset.name;
    hiddenID.value = li.dataset.id;
    close();
    form.requestSubmit(); // the page comes back for that user, with their quota
  };
  const show = (users) => {
    options = users.map((u, i) => {
      const li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.id = String(u.id);
      li.dataset.name = u.name;
      li.textContent = u.name; // text, never markup
      li.addEventListener("mousedown", (e) => e.preventDefault()); // keep the focus in the field
      li.addEventListener("click", () => choose(li));
      return li;
    });
    if (options.length === 0) {
      const none = document.createElement("li");
      none.className = "picker-empty";
      none.setAttribute("aria-disabled", "true");
      none.textContent = "No user matches.";
      list.replaceChildren(none);
    } else {
      list.replaceChildren(...options);
    }
    status.textContent = options.length === 1 ? "1 user found" : options.length + " users found";
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  };
  const lookUp = async () => {
    const q = input.value.trim();
    if (controller) controller.abort();
    if (q === "") {
      close();
      return;
    }
    controller = new AbortController();
    try {
      const res = await fetch(input.dataset.userPicker + "?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller.signal,
      });
      if (!res.ok) return; // rate limited or signed out: the Choose button still works
      show(await res.json());
    } catch (e) {
      if (e.name !== "AbortError") throw e;
    }
  };

  input.addEventListener("input", () => {
    hiddenID.value = ""; // a typed name is resolved by the server
    clearTimeout(timer);
    timer = setTimeout(lookUp, 200);
  });
  input.addEventListener("keydown", (e) => {
    const open = !list.hidden && options.length > 0;
    switch (e.key) {
      case "ArrowDown":
        if (!open) return;
        e.preventDefault();
        highlight((active + 1) % options.length);
        break;
      case "ArrowUp":
        if (!open) return;
        e.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
        break;
      case "Enter":
        if (open && active >= 0) {
          e.preventDefault();
          choose(options[active]);
        }
        break;
      case "Escape":
        if (!list.hidden) {
          e.preventDefault();
          close();
        }
        break;
    }
  });
  input.addEventListener("blur", close);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-user-picker]").forEach(setupUserPicker);
});
