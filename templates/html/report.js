// wikibox report: sortable tables (click a header) and filters (a search box and selects that
// name their table and column).  Plain DOM, no library, nothing fetched.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.getAttribute("data-sort");
    return value !== null ? value : (cell.textContent || "").trim();
  }

  function sortTable(table, index, direction) {
    var header = table.tHead.rows[0].cells[index];
    var numeric = header.getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = direction === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
      return order * sign;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.setAttribute("aria-sort", cell === header ? direction : "none");
    });
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.tabIndex = 0;
      header.setAttribute("aria-sort", header.getAttribute("aria-sort") || "none");
      function toggle() {
        var numeric = header.getAttribute("data-type") === "number";
        var current = header.getAttribute("aria-sort");
        var next = current === "none" ? (numeric ? "descending" : "ascending")
          : (current === "ascending" ? "descending" : "ascending");
        sortTable(table, index, next);
      }
      header.addEventListener("click", toggle);
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle(); }
      });
    });
  });

  function applyFilters(table) {
    var controls = document.querySelectorAll('[data-filter-table="' + table.id + '"]');
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var visible = true;
      controls.forEach(function (control) {
        var value = control.value.trim().toLowerCase();
        if (!value) return;
        var column = control.getAttribute("data-filter-column");
        if (column === null) {
          visible = visible && row.textContent.toLowerCase().indexOf(value) !== -1;
        } else {
          visible = visible && cellValue(row, parseInt(column, 10)).toLowerCase() === value;
        }
      });
      row.hidden = !visible;
      if (visible) shown++;
    });
    var counter = document.querySelector('[data-count-for="' + table.id + '"]');
    if (counter) counter.textContent = shown + " of " + table.tBodies[0].rows.length + " shown";
  }

  document.querySelectorAll("[data-filter-table]").forEach(function (control) {
    var table = document.getElementById(control.getAttribute("data-filter-table"));
    if (!table) return;
    control.addEventListener("input", function () { applyFilters(table); });
    control.addEventListener("change", function () { applyFilters(table); });
    applyFilters(table);
  });
})();
