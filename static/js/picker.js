// Searchable pickers: progressive enhancement of <select data-picker> with
// Tom Select (static/vendor/tom-select-2.6.2, Apache-2.0). Without
// JavaScript, or without the library, the native select stays and
// submits the same values. With it the select is visually hidden (it
// still carries the form's values) and a combobox searches its options by
// text or by the pinyin initials the server puts in data-py ("wf" finds
// 王芳), or by their unit's name or initials; optgroups stay labelled groups
// (people by unit) and chosen options show as chips with a remove button.
// data-picker-src="/api/v1/cases" also searches that JSON list (items with
// id, number, title; next_cursor) for records beyond the options sent, a
// page at a time as the list is scrolled (the virtual_scroll plugin).
// Tom Select sets styles through el.style only, which the CSP allows; the
// templates below write no style attribute either.
(function () {
  "use strict";
  if (!window.TomSelect) return;
  var en = (document.documentElement.lang || "").indexOf("en") === 0;
  var L = en
    ? { remove: "Remove", none: "No match", narrow: "Type more to narrow the list", more: "Loading more…", end: "No more cases", loading: "Searching…", search: "type to search by name or initials", searchCase: "type to search by case number or title", err: "Search failed" }
    : { remove: "移除", none: "无匹配项", narrow: "继续输入以缩小范围", more: "正在加载更多…", end: "没有更多案件", loading: "正在搜索…", search: "输入名称或拼音首字母搜索", searchCase: "输入案号或标题搜索", err: "搜索失败" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // A chip names a person with their unit: two units may each have a 王芳.
  // (Tom Select numbers the optgroups; the label is the unit's name.)
  function chipText(ts, data) {
    var g = data.optgroup != null && ts.optgroups[data.optgroup];
    return data.text + (g ? " · " + g.label : "");
  }

  var render = {
    option: function (data) { return el("div", "", data.text); },
    item: function (data) {
      var ts = this;
      var item = el("div", "", ts.settings.mode === "multi" ? chipText(ts, data) : data.text);
      if (ts.settings.mode !== "multi") return item;
      // A real button, named after the chip it removes (remove_button's
      // markup cannot say which chip it belongs to).
      var x = el("button", "remove", "×");
      x.type = "button";
      x.tabIndex = -1;
      x.setAttribute("aria-label", L.remove + " " + chipText(ts, data));
      x.addEventListener("mousedown", function (e) { e.preventDefault(); e.stopPropagation(); });
      x.addEventListener("click", function (e) {
        e.preventDefault();
        e.stopPropagation();
        if (ts.isLocked) return;
        ts.removeItem(item);
        ts.refreshOptions(false);
        ts.inputState();
      });
      item.appendChild(x);
      return item;
    },
    no_results: function () { return el("div", "no-results", L.none); },
    loading: function () { return el("div", "loading-results", L.loading); },
    loading_more: function () {
      var d = el("div", "loading-more-results", L.more);
      d.setAttribute("role", "option");
      d.setAttribute("aria-selected", "false");
      return d;
    },
    no_more_results: function () { return el("div", "no-more-results", L.end); }
  };

  // Remote search: the page's options are the first page; the rest of what
  // the caller may see comes from the JSON list, a page at a time.
  function remote(src) {
    var first = function (q) {
      return src + (src.indexOf("?") < 0 ? "?" : "&") + "limit=20&q=" + encodeURIComponent(q);
    };
    return {
      firstUrl: first,
      load: function (q, done) {
        var ts = this;
        var url = ts.getUrl(q);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(function (p) {
            if (p.next_cursor) ts.setNextUrl(q, first(q) + "&cursor=" + encodeURIComponent(p.next_cursor));
            done((p.items || []).map(function (it) {
              return { value: String(it.id), text: it.number + (it.title ? " " + it.title : "") };
            }));
          })
          .catch(function () {
            done();
            ts.dropdown_content.appendChild(el("div", "no-results", L.err));
          });
      }
    };
  }

  function enhance(sel) {
    if (sel.tomselect) return;
    var src = sel.getAttribute("data-picker-src");
    var opts = {
      plugins: src ? ["virtual_scroll"] : [],
      // A district's two thousand people would be two thousand nodes on
      // every keystroke: the list shows the first matches, typing narrows.
      maxOptions: 100,
      searchField: ["text", "py", "unit", "upy"],
      allowEmptyOption: true,
      lockOptgroupOrder: true,
      closeAfterSelect: !sel.multiple,
      placeholder: src ? L.searchCase : L.search,
      render: render
    };
    if (src) {
      var r = remote(src);
      opts.firstUrl = r.firstUrl;
      opts.load = r.load;
      opts.maxOptions = null;
    }
    var ts = new TomSelect(sel, opts);
    // A unit's name or initials finds its people.
    Object.keys(ts.options).forEach(function (v) {
      var o = ts.options[v], g = o.optgroup != null && ts.optgroups[o.optgroup];
      if (g) { o.unit = g.label; o.upy = g.py || ""; }
    });
    // When the list is cut at maxOptions, say so.
    if (!src) ts.hook("after", "refreshOptions", function () {
      var r = ts.currentResults, shown = ts.dropdown_content.querySelectorAll(".option").length;
      var left = r ? r.items.filter(function (i) { return ts.items.indexOf(String(i.id)) < 0; }).length : 0;
      if (left > shown) ts.dropdown_content.appendChild(el("div", "no-results picker-narrow", L.narrow));
    });
    // The combobox speaks for the select: its hint, its error and whether
    // it is required. The select itself, now out of sight and out of the
    // tab order, is kept from assistive technology, still named by its label.
    var input = ts.control_input;
    ["aria-describedby", "aria-invalid"].forEach(function (a) {
      if (sel.getAttribute(a)) input.setAttribute(a, sel.getAttribute(a));
    });
    if (sel.required) input.setAttribute("aria-required", "true");
    var label = document.getElementById(input.getAttribute("aria-labelledby") || "");
    if (label) sel.setAttribute("aria-labelledby", label.id);
    sel.setAttribute("aria-hidden", "true");
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
