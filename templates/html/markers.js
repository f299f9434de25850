// wikibox preview of a page rendered by MediaWiki: put each finding's numbered marker on the
// infobox row (by its label), the reference (by its number) or the heading (by its text) it
// concerns.  The findings come from the JSON block #wikibox-findings; nothing is fetched.
(function () {
  "use strict";
  var data = document.getElementById("wikibox-findings");
  var body = document.querySelector(".mw-body-content");
  if (!data || !body) return;
  var findings = JSON.parse(data.textContent);

  function text(node) { return (node.textContent || "").replace(/\s+/g, " ").trim(); }

  function marker(f) {
    var a = document.createElement("a");
    a.className = "finding-marker sev-" + f.severity;
    a.id = "marker-" + f.number;
    a.href = "#finding-" + f.number;
    a.title = f.number + ". " + f.severity + " · " + f.rule + ": " + f.message;
    a.setAttribute("data-finding", String(f.number));
    a.textContent = String(f.number);
    return a;
  }

  function flag(element, f) {
    element.classList.add("has-finding", "sev-" + f.severity);
  }

  function target(f) {
    var i, candidates;
    if (f.kind === "row" && f.label) {
      candidates = body.querySelectorAll("table th");
      for (i = 0; i < candidates.length; i++) {
        if (text(candidates[i]) === f.label) {
          var row = candidates[i].closest("tr");
          flag(row, f);
          return row.lastElementChild || row;
        }
      }
    } else if (f.kind === "ref" && f.ref) {
      var parts = String(f.ref).split(" ");
      var number = parseInt(parts[parts.length - 1], 10);
      var group = parts.length > 1 ? parts.slice(0, -1).join(" ") : "";
      var lists = body.querySelectorAll("ol.references");
      for (i = 0; i < lists.length; i++) {
        var own = lists[i].closest("[data-mw-group]");
        var listGroup = own ? own.getAttribute("data-mw-group") : "";
        if (listGroup === group && lists[i].children[number - 1]) {
          flag(lists[i].children[number - 1], f);
          return lists[i].children[number - 1];
        }
      }
    } else if (f.kind === "heading" && f.label) {
      candidates = body.querySelectorAll("h1, h2, h3, h4, h5, h6");
      for (i = 0; i < candidates.length; i++) {
        var headline = candidates[i].querySelector(".mw-headline") || candidates[i];
        if (text(headline) === f.label) {
          flag(candidates[i], f);
          return candidates[i];
        }
      }
    }
    return null;
  }

  findings.forEach(function (f) {
    var place = target(f);
    var item = document.getElementById("finding-" + f.number);
    if (place) {
      place.appendChild(marker(f));
      if (item) item.setAttribute("data-attached", "true");
    } else if (item) {
      item.setAttribute("data-attached", "false");
      var badge = item.querySelector(".finding-marker");
      if (badge) badge.removeAttribute("href");
    }
  });
})();
