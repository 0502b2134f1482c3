"use strict";
/* The report's only script: filters and search (state kept in the URL fragment), opening the
   section a link points into, opening everything for print, and sorting the index table.
   It reads the page and never writes article text as markup. */
(function () {
  var form = document.getElementById("filters");
  var FIELDS = ["code", "family", "section", "q"];
  var wasActive = false;

  function readState() {
    var hash = location.hash.slice(1), state = {};
    if (hash.indexOf("=") < 0) return null;
    new URLSearchParams(hash).forEach(function (v, k) { if (FIELDS.indexOf(k) >= 0) state[k] = v; });
    return state;
  }

  function matches(el, s) {
    if (s.code && (" " + el.dataset.codes + " ").indexOf(" " + s.code + " ") < 0) return false;
    if (s.family && (" " + el.dataset.families + " ").indexOf(" " + s.family + " ") < 0) return false;
    if (s.section && el.dataset.section !== s.section) return false;
    if (s.q && el.textContent.toLowerCase().indexOf(s.q.toLowerCase()) < 0) return false;
    return true;
  }

  function apply(s) {
    var active = FIELDS.some(function (k) { return s[k]; });
    var weak = document.querySelectorAll("#weak-list > li"), shown = 0;
    weak.forEach(function (el) {
      var ok = matches(el, s); el.classList.toggle("is-hidden", !ok); if (ok) shown++;
    });
    var all = document.querySelectorAll("#all span.c"), allShown = 0;
    all.forEach(function (el) {
      var ok = matches(el, s); el.classList.toggle("is-hidden", !ok); if (ok) allShown++;
    });
    document.querySelectorAll("#all details.section").forEach(function (d) {
      var any = d.querySelector("span.c:not(.is-hidden)") !== null;
      d.classList.toggle("is-hidden", active && !any);
      if (active || wasActive) d.open = active && any;
    });
    wasActive = active;
    document.getElementById("weak-count").textContent = active ? shown + " of " + weak.length : String(weak.length);
    document.getElementById("status").textContent = active
      ? "Showing " + shown + " of " + weak.length + " weak claims and " + allShown + " of " + all.length + " claims."
      : "";
  }

  function fromForm() {
    var s = {};
    FIELDS.forEach(function (k) { var v = form.elements[k].value.trim(); if (v) s[k] = v; });
    return s;
  }

  function toForm(s) {
    FIELDS.forEach(function (k) {
      var el = form.elements[k], v = s[k] || "";
      if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) v = "";
      el.value = v;
    });
  }

  function onChange() {
    var s = fromForm(), params = new URLSearchParams(s).toString();
    history.replaceState(null, "", params ? "#" + params : location.pathname + location.search);
    apply(s);
  }

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    for (var d = el; d; d = d.parentElement) if (d.tagName === "DETAILS") d.open = true;
    el.scrollIntoView();
  }

  function onHash() {
    var s = readState();
    if (s) { toForm(s); apply(s); } else openTarget();
  }

  if (form) {
    form.hidden = false;
    form.addEventListener("input", onChange);
    form.addEventListener("change", onChange);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(onChange, 0); });
    window.addEventListener("hashchange", onHash);
    onHash();
  }

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); });

  function sortKey(row, col) {
    var cell = row.cells[col];
    return cell ? cell.dataset.sort || "" : "";
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var body = table.tBodies[0], heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button.sort");
      if (!button) return;
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a, col), y = sortKey(b, col);
          var nx = parseFloat(x), ny = parseFloat(y), r;
          if (isNaN(nx) || isNaN(ny)) r = (isNaN(nx) - isNaN(ny)) || String(x).localeCompare(String(y));
          else r = nx - ny;
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
