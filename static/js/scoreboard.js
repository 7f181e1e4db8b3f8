// Scoreboard charts: each [data-chart] element names the JSON it is drawn
// from (data-src), the same JSON the API serves, so the pictures never
// disagree with the table. No inline script: the page only carries data-
// attributes (CSP script-src 'self').
(function () {
  "use strict";
  if (!window.echarts) return;

  function load(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  function init(el) {
    el.style.width = "100%";
    el.style.height = "360px";
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  // bar: the month's ranking, best first.
  function bar(el, data) {
    var rows = (data.rows || []).slice().sort(function (a, b) { return a.rank - b.rank; });
    init(el).setOption({
      grid: { left: 48, right: 16, bottom: 90, top: 24 },
      tooltip: { trigger: "axis", renderMode: "richText" }, // no inline style attributes (CSP)
      xAxis: { type: "category", data: rows.map(function (r) { return r.unit_name; }), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: "value", min: data.formula ? data.formula.floor : 0, max: data.formula ? data.formula.cap : 100 },
      series: [{ type: "bar", name: el.getAttribute("data-label") || "", data: rows.map(function (r) { return r.score; }),
        label: { show: true, position: "top" } }]
    });
  }

  // trend: one line per agency across the year's published months.
  function trend(el, data) {
    var months = (data.months || []).map(function (m) { return m.slice(5); });
    init(el).setOption({
      grid: { left: 48, right: 16, bottom: 60, top: 24 },
      tooltip: { trigger: "axis", renderMode: "richText" }, // no inline style attributes (CSP)
      legend: { type: "scroll", bottom: 0 },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value" },
      series: (data.rows || []).map(function (r) {
        return { type: "line", name: r.unit_name, connectNulls: true, data: r.scores };
      })
    });
  }

  // overdue: the dashboard's units with overdue action items, most first,
  // as horizontal bars so long unit names stay readable on a phone.
  function overdue(el, data) {
    var rows = (data.units || []).filter(function (u) { return u.overdue > 0; })
      .sort(function (a, b) { return a.overdue - b.overdue; });
    el.style.height = Math.max(160, 32 * rows.length + 48) + "px";
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { chart.resize(); });
    chart.setOption({
      grid: { left: 8, right: 32, bottom: 24, top: 8, containLabel: true },
      tooltip: { trigger: "axis", renderMode: "richText" }, // no inline style attributes (CSP)
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: rows.map(function (r) { return r.unit_name; }) },
      series: [{ type: "bar", name: el.getAttribute("data-label") || "", data: rows.map(function (r) { return r.overdue; }),
        itemStyle: { color: "#b3261e" }, label: { show: true, position: "right" } }]
    });
  }

  var draw = { bar: bar, trend: trend, overdue: overdue };
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var kind = el.getAttribute("data-chart");
    if (!draw[kind]) return;
    load(el.getAttribute("data-src")).then(function (data) { draw[kind](el, data); }).catch(function () {
      el.textContent = "—";
    });
  });
})();
