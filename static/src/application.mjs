// Starts GOV.UK Frontend's components and the service's own small behaviours.
// Loaded as a module from our own origin, so no inline script is needed (the CSP forbids it).
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Warn before leaving a page whose form has unsaved changes (forms opt in with
// data-warn-unsaved). Submitting the form itself does not warn.
for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
  let dirty = false;
  form.addEventListener("input", () => {
    dirty = true;
  });
  form.addEventListener("submit", () => {
    dirty = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}

// A table wider than the screen scrolls sideways in its own box (.app-table-scroll). Say so,
// above the table, while it overflows, so that nobody takes the visible columns for all of them.
for (const box of document.querySelectorAll(".app-table-scroll")) {
  const hint = document.createElement("p");
  hint.className = "govuk-body-s app-table-scroll__hint";
  hint.textContent = "Scroll sideways to see the whole table.";
  hint.hidden = true;
  box.before(hint);
  const update = () => {
    const overflows = box.scrollWidth > box.clientWidth + 1;
    hint.hidden = !overflows;
    box.classList.toggle("app-table-scroll--overflows", overflows);
  };
  update();
  window.addEventListener("resize", update);
}

// Once django-otp-webauthn's script has added a passkey, go on to the page that lists them.
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const next = event.target.closest("[data-passkey-added-url]");
  if (next) window.location.assign(next.dataset.passkeyAddedUrl);
});
