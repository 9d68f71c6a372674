// Review queue keys: j next fact, k previous, a accept, r reject, e edit. The page works
// without this; the keys only press the buttons and links that are already there.
"use strict";

(function () {
  const items = Array.from(document.querySelectorAll('[data-testid="review-item"]'));
  if (items.length === 0) return;

  // The fact named in the address (after a decision the server points at the neighbour
  // of the fact decided), else the first.
  let current = Math.max(0, items.findIndex((li) => "#" + li.id === location.hash));

  function mark(index) {
    current = Math.min(Math.max(index, 0), items.length - 1);
    items.forEach((li, i) => li.classList.toggle("current", i === current));
    items[current].focus({ preventScroll: true });
    items[current].scrollIntoView({ block: "nearest" });
  }

  function press(selector) {
    const target = items[current].querySelector(selector);
    if (target) target.click();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const field = event.target.closest && event.target.closest("input, select, textarea");
    if (field && field.type !== "checkbox") return;
    const actions = {
      j: () => mark(current + 1),
      k: () => mark(current - 1),
      a: () => press('[data-testid="accept"]'),
      r: () => press('[data-testid="reject"]'),
      e: () => press('[data-testid="edit-link"]'),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  if (location.hash) mark(current);
  else items[0].classList.add("current");
})();
