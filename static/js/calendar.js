// The calendar page: FullCalendar configured from data- attributes (the
// CSP forbids inline script), fed by /calendar/events.
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("calendar");
    if (!el || !window.FullCalendar) return;
    var narrow = window.matchMedia("(max-width: 640px)").matches;
    var cal = new FullCalendar.Calendar(el, {
      locale: el.dataset.locale || "zh-cn",
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
      eventDidMount: function (info) {
        if (info.event.extendedProps.busy) info.el.setAttribute("aria-label", el.dataset.busy);
      }
    });
    cal.render();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
