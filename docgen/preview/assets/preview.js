// docgen preview: keep the open page current without reloading it.
// The server sends an event whenever a topic's state changes; the page then
// fetches itself, waits for new page images to load, and swaps in only the
// parts that differ (elements are matched by id), so scroll positions and
// everything else on the page stay as they were.
(function () {
  "use strict";

  const main = () => document.getElementById("main");
  let running = false;
  let again = false;

  function keyed(element) {
    return element.children.length > 0 && Array.from(element.children).every((child) => child.id);
  }

  // Make `old` look like `next`; returns the node now in the document.
  function morph(old, next) {
    if (old.isEqualNode(next)) return old;
    if (old.tagName !== next.tagName || !keyed(old) || !keyed(next)) {
      old.replaceWith(next);
      return next;
    }
    for (const { name, value } of Array.from(next.attributes)) old.setAttribute(name, value);
    for (const { name } of Array.from(old.attributes)) {
      if (!next.hasAttribute(name)) old.removeAttribute(name);
    }
    const existing = new Map(Array.from(old.children).map((child) => [child.id, child]));
    Array.from(next.children).forEach((child, index) => {
      const current = existing.get(child.id);
      existing.delete(child.id);
      const node = current ? morph(current, child) : child;
      if (old.children[index] !== node) old.insertBefore(node, old.children[index] || null);
    });
    existing.forEach((child) => child.remove());
    return old;
  }

  function preload(image) {
    return new Promise((resolve) => {
      const loader = new Image();
      loader.onload = loader.onerror = resolve;
      loader.src = image.getAttribute("src");
    });
  }

  async function refresh() {
    if (running) { again = true; return; }
    running = true;
    try {
      do {
        again = false;
        const response = await fetch(location.pathname, { cache: "no-store" });
        if (response.status === 404) {  // the topic's file was removed or renamed
          location.assign("/");
          return;
        }
        if (!response.ok) break;
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const next = page.getElementById("main");
        if (!next) break;
        await Promise.all(Array.from(next.querySelectorAll("img")).map(preload));
        morph(main(), document.adoptNode(next));
        document.title = page.title;
      } while (again);
    } finally {
      running = false;
    }
  }

  const events = new EventSource("/events");
  events.addEventListener("change", (event) => {
    document.body.classList.remove("offline");
    if (event.data !== main().dataset.version) refresh();
  });
  events.addEventListener("error", () => document.body.classList.add("offline"));
})();
