// The calendar page: FullCalendar configured from data- attributes (the
// CSP forbids inline script), fed by /calendar/events.
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("calendar");
    if (!el || !window.FullCalendar) return;
    var narrow = window.matchMedia("(max-width: 640px)").matches;
    // days off (休) and make-up working days (班), from the page
    var parse = function (s) { try { return JSON.parse(s || "{}"); } catch (e) { return {}; } };
    var off = parse(el.dataset.holidays), work = parse(el.dataset.makeup);
    var dayKey = function (d) { return d.toISOString().slice(0, 10); }; // the calendar runs in UTC
    var cal = new FullCalendar.Calendar(el, {
      locale: el.dataset.locale || "zh-cn",
      // the list view's column headings for screen readers: FullCalendar's
      // zh-cn locale leaves them in English
      timeHint: el.dataset.timeHint,
      eventHint: el.dataset.eventHint,
      timeZone: "UTC", // events come as Asia/Shanghai wall-clock times
      initialView: narrow ? "listWeek" : (el.dataset.view || "dayGridMonth"),
      headerToolbar: narrow
        ? { left: "prev,next", center: "title", right: "today" }
        : { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listWeek" },
      initialDate: el.dataset.date || undefined,
      firstDay: 1,
      eventDisplay: "block", // coloured by kind, white text
      nowIndicator: false,
      height: "auto",
      slotMinTime: "07:00:00",
      slotMaxTime: "21:00:00",
      eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
      events: {
        url: el.dataset.events,
        failure: function () {
          var p = document.createElement("p");
          p.className = "alert";
          p.textContent = el.dataset.error;
          el.parentNode.insertBefore(p, el);
        }
      },
      dayCellClassNames: function (arg) {
        var k = dayKey(arg.date);
        return k in off ? ["is-day-off"] : k in work ? ["is-day-work"] : [];
      },
      dayCellDidMount: function (arg) {
        var k = dayKey(arg.date), top = arg.el.querySelector(".fc-daygrid-day-top");
        if (!top || !(k in off || k in work)) return;
        var mark = document.createElement("span");
        mark.className = "day-mark";
        mark.textContent = k in off ? el.dataset.dayOff : el.dataset.dayWork;
        if (off[k]) mark.title = off[k];
        top.appendChild(mark);
      },
      // the toolbar's arrow icons are role="img" without a name; their
      // buttons are named by their title, so the icons are decoration
      datesSet: function () { hideIcons(el); },
      eventDidMount: function (info) {
        if (info.event.extendedProps.busy) info.el.setAttribute("aria-label", el.dataset.busy);
      }
    });
    cal.render();
    hideIcons(el);
  }
  function hideIcons(el) {
    el.querySelectorAll('.fc-icon[role="img"]').forEach(function (i) { i.setAttribute("aria-hidden", "true"); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
