// Meeting pages: small enhancements only; every form works without this.
(function () {
  "use strict";
  // The scheduling form shows only the parts of the chosen kind.
  function syncKind(form) {
    var sel = form.querySelector("[data-kind-select]");
    if (!sel) return;
    form.querySelectorAll("[data-kind-only]").forEach(function (el) {
      el.hidden = el.getAttribute("data-kind-only") !== sel.value;
    });
  }
  // The RSVP form shows the delegate picker only for "delegated".
  function syncAnswer(form) {
    var checked = form.querySelector('input[name="answer"]:checked');
    form.querySelectorAll("[data-answer-only]").forEach(function (el) {
      el.hidden = !checked || el.getAttribute("data-answer-only") !== checked.value;
    });
  }
  function init(root) {
    root.querySelectorAll("form").forEach(function (f) {
      if (f.querySelector("[data-kind-select]")) syncKind(f);
      if (f.querySelector("[data-answer-only]")) syncAnswer(f);
    });
  }
  document.addEventListener("change", function (e) {
    var f = e.target.form;
    if (!f) return;
    if (e.target.matches("[data-kind-select]")) syncKind(f);
    if (e.target.name === "answer") syncAnswer(f);
  });
  // Print buttons ([data-print]) are handled in app.js, on every page.
  // Forms answered with 422 or 409 carry the re-rendered section: swap it
  // in so the field messages show where the user is working.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var s = e.detail.xhr.status;
    if (s === 422 || s === 409) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
