// casefile's own small enhancements; every page works without them.
"use strict";

// Document page: selecting words in the text fills the add-fact form with the quote and
// its character offsets. Offsets count Unicode code points, as the server does, so a
// selection across an emoji or another astral character still lands on the same span.
(function () {
  const text = document.getElementById("doctext");
  const form = document.getElementById("add-fact");
  if (!text || !form) return;

  const codePoints = (s) => Array.from(s).length;

  // A segment may hold more than one text node (a direction control character stands
  // in its own <bdi>): count everything from the segment's start to the point.
  function offsetOf(node, offset) {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const segment = element && element.closest("[data-start]");
    if (!segment || !text.contains(segment)) return null;
    const before = document.createRange();
    before.setStart(segment, 0);
    before.setEnd(node, offset);
    return Number(segment.dataset.start) + codePoints(before.toString());
  }

  text.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    form.elements.start.value = start;
    form.elements.end.value = end;
    form.elements.quote.value = selection.toString();
    const hint = document.getElementById("selection-hint");
    // The words come from the page, in the reader's language (data-selected).
    if (hint) hint.textContent = (hint.dataset.selected || "{start}–{end}")
      .replace("{start}", start).replace("{end}", end);
  });

  // A click on a highlight marks its fact (the link itself scrolls to it).
  text.addEventListener("click", (event) => {
    const link = event.target.closest("a.hl");
    if (!link) return;
    document.querySelectorAll(".fact.current").forEach((f) => f.classList.remove("current"));
    const fact = document.getElementById("fact-" + link.dataset.fact);
    if (fact) fact.classList.add("current");
  });
})();

// Tables on a phone: each row is a card and each cell stands under its column's name
// (style.css reads data-label); the headings stay the one place the names are written.
document.querySelectorAll("main table").forEach((table) => {
  const names = Array.from(table.querySelectorAll("thead th"),
    (th) => th.textContent.replace(/[▲▼]/g, "").trim());
  if (names.length === 0) return;
  table.querySelectorAll("tbody tr").forEach((row) => {
    Array.from(row.cells).forEach((cell, column) => {
      if (cell.tagName === "TD" && !cell.hasAttribute("data-label")) {
        cell.dataset.label = names[column] || "";
      }
    });
  });
});
