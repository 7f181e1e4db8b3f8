package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"liaison/app/i18n"
	"liaison/app/web/webtest"
)

// pageFacts is what pageChecks reports of the page in the tab.
type pageFacts struct {
	Lang     string   `json:"lang"`
	Problems []string `json:"problems"`
	Texts    []string `json:"texts"` // the visible text of each text node, for the language check
}

// cspListener runs before any page script: CSP violations are findings
// even when the browser logs none.
const cspListener = `window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || ""));
});`

// pageChecks is the page standard, run in the page. Each problem names
// what a person would see wrong.
const pageChecks = `(function () {
  var out = { lang: document.documentElement.lang, problems: [], texts: [] };
  var p = function (s) { out.problems.push(s); };
  var de = document.documentElement;
  if (de.scrollWidth > de.clientWidth + 1) {
    // name the widest culprits, so the finding says what to fix
    var wide = [];
    document.querySelectorAll("body *").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.right > de.clientWidth + 1 && r.width > 0 && getComputedStyle(el).position !== "fixed") {
        var inner = false;
        for (var a = el.parentElement; a; a = a.parentElement) { if (wide.indexOf(a) >= 0) { inner = true; } }
        if (!inner) wide.push(el);
      }
    });
    p("sideways scroll: page " + de.scrollWidth + "px in " + de.clientWidth + "px; " +
      wide.slice(0, 3).map(function (el) { return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && el.className.baseVal === undefined ? "." + String(el.className).split(" ").join(".") : "") + " (" + Math.round(el.getBoundingClientRect().right) + "px)"; }).join(", "));
  }
  // content hidden behind a scroll box: a table wider than its wrap
  document.querySelectorAll(".table-wrap, main *").forEach(function (el) {
    var s = getComputedStyle(el);
    if ((s.overflowX === "auto" || s.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1 && !el.closest(".fc") && el.tagName !== "TEXTAREA" && el.tagName !== "PRE") {
      p("hidden behind a sideways scroll box: " + el.tagName.toLowerCase() + "." + String(el.className).split(" ").join(".") + " " + el.scrollWidth + "px in " + el.clientWidth + "px");
    }
  });
  // clipped text: an element that cuts its own text (e.g. "09:" for 09:30)
  document.querySelectorAll("main *").forEach(function (el) {
    if (el.children.length || !el.textContent.trim() || el.clientWidth <= 1 || el.closest(".sr")) return; // .sr: for screen readers only
    var s = getComputedStyle(el);
    if (s.overflowX === "hidden" && el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length) {
      p("text cut off: \"" + el.textContent.trim().slice(0, 30) + "\" (" + el.scrollWidth + "px in " + el.clientWidth + "px)");
    }
  });
  // an element marked hidden that a stylesheet shows anyway
  document.querySelectorAll("[hidden]").forEach(function (el) {
    if (el.getClientRects().length) p("hidden element shown: " + el.tagName.toLowerCase() + "." + String(el.className).split(" ").join("."));
  });
  // a form grid reads in rows: the labels of one grid row share a line
  document.querySelectorAll(".grid").forEach(function (g) {
    var cs = getComputedStyle(g);
    if (cs.display !== "grid") return;
    var tracks = cs.gridTemplateRows.split(" ").map(parseFloat), gap = parseFloat(cs.rowGap) || 0;
    var gtop = g.getBoundingClientRect().top + parseFloat(cs.paddingTop) + parseFloat(cs.borderTopWidth);
    var rowOf = function (y) {
      var at = gtop;
      for (var i = 0; i < tracks.length; i++) { at += tracks[i] + gap; if (y < at - gap / 2) return i; }
      return tracks.length;
    };
    var rows = {};
    Array.prototype.forEach.call(g.children, function (f) {
      var l = f.querySelector(":scope > label");
      if (!l || !f.getClientRects().length || f.classList.contains("check")) return; // a checkbox row has no label line
      var r = rowOf(f.getBoundingClientRect().top + 1), lt = Math.round(l.getBoundingClientRect().top);
      if (rows[r] === undefined) rows[r] = lt;
      else if (Math.abs(rows[r] - lt) > 2) p("ragged form grid: label \"" + l.textContent.trim() + "\" out of line");
    });
  });
  if (!document.title.trim()) p("no <title>");
  // the month view marks days off (休) where the page lists them
  var cal = document.getElementById("calendar");
  if (cal && cal.dataset.holidays) {
    var off = JSON.parse(cal.dataset.holidays);
    document.querySelectorAll(".fc-daygrid-day[data-date]").forEach(function (c) {
      if (c.dataset.date in off && !c.querySelector(".day-mark")) p("day off not marked: " + c.dataset.date);
    });
  }
  // the menu marks the section the page belongs to
  var cur = document.querySelector('.menu a[aria-current="page"]');
  var section = location.pathname.split("/")[1];
  if (cur && section && cur.getAttribute("href") !== "/" + section && document.querySelector('.menu a[href="/' + section + '"]')) {
    p("the menu marks " + cur.getAttribute("href") + " on a page of /" + section);
  }
  // an anchor within the page leads somewhere
  document.querySelectorAll('a[href^="#"]').forEach(function (a) {
    var id = a.getAttribute("href").slice(1);
    if (id && !document.getElementById(id)) p("anchor to nothing: #" + id);
  });
  // html/template replaces a URL it distrusts (webcal:, javascript:) with #ZgotmplZ
  document.querySelectorAll('a[href*="ZgotmplZ"], img[src*="ZgotmplZ"]').forEach(function (el) {
    p("broken link (refused by html/template): " + el.textContent.trim().slice(0, 30));
  });
  var body = document.body.innerText;
  var ids = body.match(/(^|[^0-9A-Za-z&#/])#\s?\d+|\bNo\.\s?\d+/g);
  if (ids) p("internal ids shown: " + ids.slice(0, 5).map(function (s) { return s.trim(); }).join(" "));
  document.querySelectorAll("input, select, textarea").forEach(function (el) {
    if (/^(hidden|submit|button|reset|image)$/.test(el.type) || el.closest(".fc") || el.hidden) return;
    if (el.labels && el.labels.length) return;
    if (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.title) return;
    p("control without a label: " + el.tagName.toLowerCase() + (el.name ? "[name=" + el.name + "]" : "") + (el.id ? "#" + el.id : ""));
  });
  // shown: laid out and not folded away in a closed <details>
  var shown = function (el) { return el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0; };
  // a list that cannot be searched: a multi-select or a long select left
  // native (picker.js turns the others into Tom Select pickers, which keep
  // the select visually hidden as .tomselected)
  document.querySelectorAll("main select").forEach(function (el) {
    if (shown(el) && !el.classList.contains("tomselected") && (el.multiple || el.options.length > 20)) p("picker without search: select" + (el.name ? "[name=" + el.name + "]" : ""));
  });
  // records linked by typing their internal ids
  document.querySelectorAll('main input[name$="_ids"]').forEach(function (el) {
    if (["hidden", "checkbox", "radio"].indexOf(el.type) < 0 && shown(el)) p("ids typed by hand: input[name=" + el.name + "]");
  });
  // data to be typed as JSON
  document.querySelectorAll("main textarea, main pre").forEach(function (el) {
    if (shown(el) && /^\s*[\[{]\s*"/.test(el.value || el.textContent)) p("raw JSON to type or read: " + el.tagName.toLowerCase() + (el.name ? "[name=" + el.name + "]" : ""));
  });
  (window.__csp || []).forEach(function (v) { p("CSP violation: " + v); });
  var tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (var n = tw.nextNode(); n; n = tw.nextNode()) {
    var t = n.nodeValue.trim();
    var el = n.parentElement;
    // code is data (an audit action such as document.receive), not interface;
    // a select under a Tom Select picker is clipped to nothing, but the
    // options of a multi-select still have boxes: the picker shows them
    if (!t || !el || el.closest("script, style, code, [lang]:not(html), .ts-hidden-accessible") || !el.getClientRects().length) continue;
    out.texts.push(t);
  }
  ["placeholder", "aria-label", "title", "alt"].forEach(function (a) {
    document.querySelectorAll("[" + a + "]").forEach(function (el) {
      if (!el.closest("[lang]:not(html)")) out.texts.push(el.getAttribute(a).trim());
    });
  });
  return out;
})()`

// axeRun asks axe-core for the serious and critical WCAG 2.1 A/AA
// violations, one line each with up to two of the elements concerned.
const axeRun = `axe.run(document, {resultTypes: ["violations"],
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(function (r) {
  return r.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; }).map(function (v) {
    return "axe " + v.impact + " " + v.id + ": " + v.help + " (" + v.nodes.length + "): " +
      v.nodes.slice(0, 2).map(function (n) { return n.target.join(" "); }).join(", ");
  });
})`

// langCheck finds interface strings of the other language: a page in one
// language showing a whole message of the other catalogue (a label left
// untranslated), or a raw message id.
type langCheck struct {
	other map[string]map[string]string // page lang → text → id of the other language's message
	ids   map[string]bool
}

var hasLetter = regexp.MustCompile(`[A-Za-z]{3,}`)

func newLangCheck(t *testing.T, e *webtest.Env) *langCheck {
	t.Helper()
	tr, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	lc := &langCheck{other: map[string]map[string]string{i18n.ZH: {}, i18n.EN: {}}, ids: map[string]bool{}}
	for _, id := range tr.IDs(i18n.EN) {
		lc.ids[id] = true
		en, zh := tr.T(i18n.EN, id, nil), tr.T(i18n.ZH, id, nil)
		if en == zh || strings.Contains(en, "{{") || strings.Contains(en, "<no value>") {
			continue
		}
		if hasLetter.MatchString(en) && !hasChinese(en) {
			lc.other[i18n.ZH][en] = id
		}
		if hasChinese(zh) {
			lc.other[i18n.EN][zh] = id
		}
	}
	return lc
}

func (lc *langCheck) check(lang string, texts []string) []string {
	var out []string
	other := lc.other[lang]
	if lang != i18n.EN {
		other = lc.other[i18n.ZH]
	}
	seen := map[string]bool{}
	for _, t := range texts {
		if seen[t] {
			continue
		}
		seen[t] = true
		if id, ok := other[t]; ok {
			out = append(out, fmt.Sprintf("other language on a %s page: %q (%s)", lang, t, id))
		} else if lc.ids[t] && strings.Contains(t, ".") {
			out = append(out, fmt.Sprintf("raw message id shown: %q", t))
		}
	}
	return out
}

// demoUsernames are the sign-in names of the demo district: a page names a
// person by their name (王芳), never by their username (wang.fang).
func demoUsernames(t *testing.T, e *webtest.Env) []string {
	t.Helper()
	var out []string
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT username FROM users WHERE username LIKE '%.%'`).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

// usernamesShown reports usernames in a page's text; the account pages of
// the administrator and the user's own security page show them on purpose.
func usernamesShown(url string, texts, usernames []string) []string {
	if strings.HasPrefix(url, "/admin") || strings.HasPrefix(url, "/me/") || url == "/login" {
		return nil
	}
	var out []string
	for _, t := range texts {
		for _, u := range usernames {
			if i := strings.Index(t, u); i >= 0 && !strings.HasPrefix(t[i+len(u):], "@") { // an email address is fine
				out = append(out, fmt.Sprintf("username %s shown instead of the person's name: %q", u, head(t, 1)))
			}
		}
	}
	return out
}
