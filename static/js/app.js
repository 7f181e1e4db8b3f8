// Progressive enhancement only: every page works without this file.
// htmx requests carry the session's CSRF token in a header.
document.addEventListener("htmx:configRequest", function (e) {
  var m = document.querySelector('meta[name="csrf-token"]');
  if (m && m.content) e.detail.headers["X-CSRF-Token"] = m.content;
});
// Buttons marked data-confirm ask before submitting their form.
document.addEventListener("click", function (e) {
  var b = e.target.closest("[data-confirm]");
  if (b && !window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
});
// The phone menu folds behind its button (see .navs in app.css).
document.documentElement.classList.add("js");
(function () {
  var b = document.querySelector(".menu-toggle"), n = document.getElementById("navs");
  if (!b || !n) return;
  b.hidden = false;
  b.addEventListener("click", function () {
    var open = n.classList.toggle("open");
    b.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
// Tables stack into cards on a phone; each cell is labelled with its
// column's name so a card still reads "状态: 逾期".
function labelCells(root) {
  root.querySelectorAll(".table-wrap table, table.data").forEach(function (t) {
    var heads = [];
    t.querySelectorAll("thead th").forEach(function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) heads.push(th.textContent.trim());
    });
    t.querySelectorAll("tbody tr").forEach(function (tr) {
      var col = 0;
      Array.prototype.forEach.call(tr.children, function (td) {
        if (heads[col] && !td.hasAttribute("data-label")) td.setAttribute("data-label", heads[col]);
        col += td.colSpan || 1;
      });
    });
  });
}
labelCells(document);
document.addEventListener("htmx:afterSwap", function (e) { labelCells(e.target); });
// Copy buttons (data-copy="input id"): shown only where they can work.
document.querySelectorAll("[data-copy]").forEach(function (b) {
  var field = document.getElementById(b.getAttribute("data-copy"));
  if (!field || !navigator.clipboard) return;
  b.hidden = false;
  b.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () { field.select(); b.classList.add("done"); });
  });
});
// Print buttons on the printable pages (minutes, sign-in sheet, 督办单).
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) window.print();
});
// "Add a row" buttons (data-add-row="prefix", e.g. item or agenda) copy the
// last row of their fieldset in place instead of posting the form: the
// copy's names move to the next index (item3_title), its values are
// cleared, and the form's row count (prefix_rows) grows.
document.addEventListener("click", function (e) {
  var b = e.target.closest("button[data-add-row]");
  if (!b) return;
  var p = b.getAttribute("data-add-row"), form = b.form;
  var count = form && form.querySelector('input[name="' + p + '_rows"]');
  var rows = form ? form.querySelectorAll("[data-row=" + p + "]") : [];
  if (!count || !rows.length) return;
  e.preventDefault();
  var n = parseInt(count.value, 10) || rows.length, last = rows[rows.length - 1];
  var copy = last.cloneNode(true), re = new RegExp("^(" + p + "|[a-z]+)\\d+([_-])");
  copy.querySelectorAll("input, label, select").forEach(function (el) {
    ["name", "id", "for"].forEach(function (a) {
      var v = el.getAttribute(a);
      if (v) el.setAttribute(a, v.replace(re, "$1" + n + "$2"));
    });
    if (el.type === "checkbox") el.checked = false;
    else if (el.type === "hidden") el.remove();
    else if (el.tagName !== "LABEL") el.value = "";
  });
  last.after(copy);
  count.value = n + 1;
  var first = copy.querySelector("input:not([type=hidden])");
  if (first) first.focus();
});
