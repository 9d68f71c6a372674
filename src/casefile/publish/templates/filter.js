/* The full case list's filters: rows hidden as one types a name or picks a country.
   Everything also works without this script (the per-country pages). */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var data = document.getElementById("case-rows");
  var table = document.getElementById("cases");
  if (!form || !data || !table) { return; }
  var rows = JSON.parse(data.textContent);
  var name = document.getElementById("filter-name");
  var country = document.getElementById("filter-country");
  var shown = document.getElementById("filter-shown");
  function apply() {
    var words = name.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var picked = country.value;
    var count = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      var row = rows[tr.getAttribute("data-case")] || {};
      var ok = (!picked || row.country === picked) && words.every(function (w) {
        return (row.name || "").indexOf(w) !== -1;
      });
      tr.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = count + " / " + table.tBodies[0].rows.length;
  }
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  name.addEventListener("input", apply);
  country.addEventListener("change", apply);
  apply();
}());
