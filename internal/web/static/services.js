// The service form's "Test connection" works without this script (the
// page comes back with the outcome). This only says that a test is running,
// since it can take a few seconds, and keeps the button from being pressed
// twice.
(() => {
  const button = document.getElementById("test-button");
  const result = document.getElementById("test-result");
  if (!button || !result) return;
  button.form.addEventListener("submit", (e) => {
    if (e.submitter !== button) return;
    button.setAttribute("aria-disabled", "true");
    button.classList.add("busy");
    result.className = "test-result";
    result.textContent = "Testing the connection…";
    setTimeout(() => { button.disabled = true; }, 0); // after the form has taken the button's formaction
  });
  if (result.getAttribute("role")) result.focus();
})();
