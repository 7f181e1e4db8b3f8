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
