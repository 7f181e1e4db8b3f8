// Searchable pickers: progressive enhancement of <select data-picker>.
// Without this file the native select still works and submits the same
// values. With it the select is hidden (it still carries the form's
// values) and a combobox searches its options by text or by the pinyin
// initials the server puts in data-py ("wf" finds 王芳); optgroups become
// labelled groups (people by unit) and chosen options show as chips.
// data-picker-src="/api/v1/cases" also searches that JSON list (items with
// id, number, title; next_cursor) for records beyond the options sent.
// Nothing here writes a style attribute: the CSP forbids inline styles.
(function () {
  "use strict";
  var en = (document.documentElement.lang || "").indexOf("en") === 0;
  var L = en
    ? { remove: "Remove", none: "No match", narrow: "Type more to narrow the list", more: "More…", chosen: "Chosen", search: "type to search by name or initials", err: "Search failed" }
    : { remove: "移除", none: "无匹配项", narrow: "继续输入以缩小范围", more: "更多…", chosen: "已选", search: "输入名称或拼音首字母搜索", err: "搜索失败" };
  var seq = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function norm(s) { return (s || "").toLowerCase().replace(/\s+/g, ""); }

  function enhance(sel) {
    if (sel.dataset.pickerReady) return;
    sel.dataset.pickerReady = "1";
    var id = sel.id || "picker" + (++seq);
    var multi = sel.multiple;
    var src = sel.getAttribute("data-picker-src");
    var box = el("div", "picker");
    var chips = el("ul", "picker-chips");
    chips.setAttribute("aria-label", L.chosen);
    var input = el("input", "picker-input");
    input.type = "text";
    input.id = id + "-q";
    input.autocomplete = "off";
    input.placeholder = L.search;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var list = el("div", "picker-list");
    list.id = id + "-list";
    list.hidden = true;
    list.setAttribute("role", "listbox");
    if (multi) list.setAttribute("aria-multiselectable", "true");
    input.setAttribute("aria-controls", list.id);
    // The select's label now names the search field, and the listbox.
    var label = sel.id && document.querySelector('label[for="' + sel.id + '"]');
    if (label) {
      if (!label.id) label.id = id + "-label";
      label.htmlFor = input.id;
      list.setAttribute("aria-labelledby", label.id);
    }
    var described = sel.getAttribute("aria-describedby");
    if (described) input.setAttribute("aria-describedby", described);
    if (sel.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", sel.getAttribute("aria-invalid"));
    if (sel.required) input.setAttribute("aria-required", "true");
    box.appendChild(chips);
    box.appendChild(input);
    box.appendChild(list);
    sel.parentNode.insertBefore(box, sel.nextSibling);
    sel.hidden = true;

    var active = -1, shown = [], cursor = "", lastQ = null, timer = 0;

    function options() {
      return Array.prototype.filter.call(sel.options, function (o) { return o.value !== ""; });
    }
    function group(o) { return o.parentNode.tagName === "OPTGROUP" ? o.parentNode : null; }
    // An option matches by its text or initials, or by its group's (a
    // unit's name finds its people).
    function matches(o, q) {
      if (!q) return true;
      var g = group(o);
      return norm(o.textContent).indexOf(q) >= 0 || (o.getAttribute("data-py") || "").indexOf(q) >= 0 ||
        (g && (norm(g.label).indexOf(q) >= 0 || (g.getAttribute("data-py") || "").indexOf(q) >= 0));
    }
    // A chip names a person with their unit: two units may each have a 王芳.
    function chipText(o) { var g = group(o); return o.textContent + (g ? " · " + g.label : ""); }
    function renderChips() {
      chips.textContent = "";
      options().forEach(function (o) {
        if (!o.selected) return;
        var li = el("li", "picker-chip", chipText(o));
        var x = el("button", "picker-x", "×");
        x.type = "button";
        x.setAttribute("aria-label", L.remove + " " + chipText(o));
        // A single select without an empty option cannot be emptied.
        if (!multi && !Array.prototype.some.call(sel.options, function (p) { return p.value === ""; })) x.hidden = true;
        x.addEventListener("click", function () {
          o.selected = false;
          if (!multi) sel.value = "";
          changed();
          input.focus();
        });
        li.appendChild(x);
        chips.appendChild(li);
      });
      chips.hidden = !chips.firstChild;
    }
    function changed() {
      renderChips();
      sel.dispatchEvent(new Event("change", { bubbles: true }));
      if (list.hidden === false) render();
    }
    function option(o, i) {
      var d = el("div", "picker-opt", o.textContent);
      d.id = id + "-o" + i;
      d.setAttribute("role", "option");
      d.setAttribute("aria-selected", o.selected ? "true" : "false");
      d.addEventListener("mousedown", function (e) { e.preventDefault(); });
      d.addEventListener("click", function () { choose(i); });
      return d;
    }
    function render() {
      var q = norm(input.value);
      list.textContent = "";
      shown = [];
      var groups = {}, cut = false;
      // A district's two thousand people would be two thousand nodes on
      // every keystroke: show the first matches and ask for more letters.
      options().forEach(function (o) {
        if (cut || !matches(o, q)) return;
        if (shown.length >= 100) { cut = true; return; }
        var i = shown.length;
        shown.push(o);
        var parent = list;
        var g = group(o) ? group(o).label : "";
        if (g) {
          if (!groups[g]) {
            var grp = el("div", "picker-group");
            grp.setAttribute("role", "group");
            var h = el("div", "picker-group-label", g);
            h.id = id + "-g" + Object.keys(groups).length;
            h.setAttribute("role", "presentation");
            grp.setAttribute("aria-labelledby", h.id);
            grp.appendChild(h);
            list.appendChild(grp);
            groups[g] = grp;
          }
          parent = groups[g];
        }
        parent.appendChild(option(o, i));
      });
      if (src && cursor && q === lastQ) {
        var more = el("div", "picker-opt picker-more", L.more);
        more.id = id + "-more";
        more.setAttribute("role", "option");
        more.setAttribute("aria-selected", "false");
        more.addEventListener("mousedown", function (e) { e.preventDefault(); });
        more.addEventListener("click", function () { fetchMore(true); });
        list.appendChild(more);
        shown.push(null);
      }
      if (cut) list.appendChild(el("div", "picker-empty", L.narrow));
      if (!shown.length) list.appendChild(el("div", "picker-empty", L.none));
      if (active >= shown.length) active = shown.length - 1;
      highlight();
    }
    function highlight() {
      var prev = list.querySelector(".picker-opt.active");
      if (prev) prev.classList.remove("active");
      if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
      var d = list.querySelectorAll(".picker-opt")[active];
      if (!d) return;
      d.classList.add("active");
      input.setAttribute("aria-activedescendant", d.id);
      if (d.scrollIntoView) d.scrollIntoView({ block: "nearest" });
    }
    function open() {
      if (!list.hidden) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      render();
    }
    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(i) {
      var o = shown[i];
      if (o === null) { fetchMore(true); return; }
      if (!o) return;
      if (multi) o.selected = !o.selected; else { sel.value = o.value; }
      if (!multi) { input.value = ""; close(); }
      active = i;
      changed();
    }
    // Remote search: the page's options are the first page; the rest of
    // what the caller may see comes from the JSON list, a page at a time.
    function fetchMore(next) {
      var q = input.value.trim();
      var url = src + (src.indexOf("?") < 0 ? "?" : "&") + "limit=20&q=" + encodeURIComponent(q) +
        (next && cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (p) {
          (p.items || []).forEach(function (it) {
            var v = String(it.id);
            if (Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) return;
            var o = new Option(it.number + (it.title ? " " + it.title : ""), v);
            sel.appendChild(o);
          });
          cursor = p.next_cursor || "";
          lastQ = norm(q);
          if (!list.hidden) render();
        })
        .catch(function () { cursor = ""; list.appendChild(el("div", "picker-empty", L.err)); });
    }
    input.addEventListener("input", function () {
      active = shown.length ? 0 : -1;
      open();
      render();
      active = shown.length ? 0 : -1;
      highlight();
      if (src) { clearTimeout(timer); timer = setTimeout(function () { fetchMore(false); }, 250); }
    });
    input.addEventListener("focus", open);
    input.addEventListener("click", open);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (e) {
      switch (e.key) {
        case "ArrowDown":
          e.preventDefault(); open(); if (active < shown.length - 1) active++; highlight(); break;
        case "ArrowUp":
          e.preventDefault(); if (active > 0) active--; highlight(); break;
        case "Enter":
          if (!list.hidden && active >= 0) { e.preventDefault(); choose(active); }
          break;
        case "Escape":
          if (!list.hidden) { e.preventDefault(); close(); }
          break;
        case "Backspace":
          if (!input.value && multi) {
            var sel2 = options().filter(function (o) { return o.selected; });
            if (sel2.length) { sel2[sel2.length - 1].selected = false; changed(); }
          }
          break;
      }
    });
    renderChips();
  }

  // Marked pickers, every multi-select, and any long list in a form that
  // saves something (a unit among a district's, in a form whose template
  // did not mark it) become searchable; data-picker="off" opts out.
  function scan(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("select:not([data-picker=\"off\"])").forEach(function (sel) {
      if (sel.hasAttribute("data-picker") || sel.multiple || (sel.options.length > 12 && sel.closest('form[method="post"]'))) enhance(sel);
    });
  }
  scan(document);
  document.addEventListener("htmx:afterSwap", function (e) { scan(e.target); });
})();
