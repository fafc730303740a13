// Accord's small script: no inline scripts anywhere (the Content-Security-Policy forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the first field with an error so keyboard and screen-reader users land on it.
  const invalid = document.querySelector(".is-invalid");
  if (invalid) invalid.focus();
});
// Confirm destructive actions: <form data-confirm="Archive this?">.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// Pickers (accord/core/pickers.py): a long list of organizations or people shows its first few;
// typing in the search box above it asks the page for the matching ones. The chosen ones stay.
function setUpPicker(input) {
  const select = document.getElementById(input.dataset.pickerFor);
  const status = document.getElementById(input.getAttribute("aria-describedby"));
  if (!select || !status) return;
  let timer = null;
  let controller = null;

  async function search() {
    if (controller) controller.abort();
    controller = new AbortController();
    const text = input.value.trim();
    // The page that shows the form answers its searches, unless the picker names another (a form
    // shown again after a refused post, whose address only takes posts).
    const url = new URL(input.dataset.pickerUrl || window.location.href, window.location.href);
    url.searchParams.set("pick", input.dataset.pickerName);
    url.searchParams.set("q", text);
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      const kept = new Set();
      for (const option of Array.from(select.options)) {
        if (option.selected || option.value === "") kept.add(option.value);
        else option.remove();
      }
      for (const item of data.options) {
        if (kept.has(item.value)) continue;
        const option = document.createElement("option");
        option.value = item.value;
        option.textContent = item.label;
        select.append(option);
      }
      const count = data.options.length;
      if (count === 0) status.textContent = `Nothing matches “${text}”.`;
      else if (data.more) status.textContent = `Showing the first ${count} matches; type more of the name to narrow them.`;
      else status.textContent = `${count} ${count === 1 ? "match" : "matches"}; choose below.`;
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = "The search did not work; reload the page and try again.";
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  // Enter searches at once rather than submitting the form around the picker.
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-picker-for]").forEach(setUpPicker);
});

// A table wider (or, by a pixel or two, taller) than its .table-responsive box scrolls inside it:
// keyboard users must be able to reach and scroll it, so such a box becomes focusable, named
// after its table's caption. (overflow-x: auto makes overflow-y auto as well.)
function reachableScrollBoxes(root) {
  root.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      const caption = box.querySelector("caption");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
document.addEventListener("DOMContentLoaded", () => reachableScrollBoxes(document));
window.addEventListener("resize", () => reachableScrollBoxes(document));
document.addEventListener("htmx:afterSettle", (event) => reachableScrollBoxes(event.target));
